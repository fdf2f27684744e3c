using System.Diagnostics;

namespace JobRuntime.Queues.Processors;

/// <summary>
/// Runs a JavaScript program with Node.js, one process per task: the program defines
/// <c>function Run(kwargs, context)</c> (it may return a promise); a throw or rejection is a
/// failure. <c>context</c> holds <c>taskId</c>, <c>workerId</c> and <c>queue</c>.
/// </summary>
internal sealed class JavaScriptProcessor : IQueueProcessor
{
    private const string Harness = """
        const fs = require('fs');
        const input = JSON.parse(fs.readFileSync(0, 'utf8'));
        const source = fs.readFileSync(process.env.JOBQ_PROGRAM, 'utf8');
        const Run = new Function(source + '\n;return typeof Run === "function" ? Run : undefined;')();
        if (typeof Run !== 'function') { console.error('The program defines no function Run(kwargs, context).'); process.exit(2); }
        Promise.resolve().then(() => Run(input.kwargs, input.context)).then(
          () => process.exit(0),
          e => { console.error(e && e.stack ? e.stack : String(e)); process.exit(1); });
        """;

    private readonly string _programPath;
    private readonly string _node;
    private readonly ProcessProcessorOptions _options;

    public JavaScriptProcessor(string programPath, string? node, ProcessProcessorOptions options)
    {
        _programPath = Path.GetFullPath(programPath);
        if (!File.Exists(_programPath))
        {
            throw new FileNotFoundException($"The JavaScript program '{_programPath}' does not exist.", _programPath);
        }
        _node = node ?? "node";
        _options = options;
    }

    public Task ProcessAsync(QueueTask task, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo(_node) { WorkingDirectory = _options.WorkingDirectory ?? "" };
        start.ArgumentList.Add("-e");
        start.ArgumentList.Add(Harness);
        start.Environment["JOBQ_PROGRAM"] = _programPath;
        var input = System.Text.Json.JsonSerializer.Serialize(new
        {
            kwargs = task.Kwargs,
            context = new { taskId = task.Id, workerId = task.WorkerId, queue = task.Queue },
        });
        return ProcessTaskRunner.RunAsync(start, task, input, _options, cancellationToken);
    }
}
