using System.Text.Json;
using JobRuntime.Queues.Processors;

namespace JobRuntime.Queues.Tests.Processors;

public sealed class JavaScriptProcessorTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("jobruntime-js-").FullName;

    private string Program(string source)
    {
        var path = Path.Combine(_directory, "program.js");
        File.WriteAllText(path, source);
        return path;
    }

    private static QueueTask Task(object kwargs) => new("js-1", JsonSerializer.SerializeToElement(kwargs), 0, "q", "w:0");

    [Fact]
    public async Task A_program_gets_the_kwargs_and_the_task_context()
    {
        var output = Path.Combine(_directory, "out.json");
        var program = Program($"function Run(kwargs, context) {{ require('fs').writeFileSync({JsonSerializer.Serialize(output)}, JSON.stringify({{ sq: kwargs.n * kwargs.n, id: context.taskId }})); }}");
        await QueueProcessors.JavaScript(program).ProcessAsync(Task(new { n = 7 }), CancellationToken.None);
        Assert.Equal("""{"sq":49,"id":"js-1"}""", await File.ReadAllTextAsync(output));
    }

    [Fact]
    public async Task A_rejected_promise_is_a_failure_with_its_message()
    {
        var program = Program("async function Run(kwargs) { throw new Error('no luck ' + kwargs.n); }");
        var error = await Assert.ThrowsAsync<TaskFailedException>(() => QueueProcessors.JavaScript(program).ProcessAsync(Task(new { n = 3 }), CancellationToken.None));
        Assert.Contains("no luck 3", error.Message);
    }

    [Fact]
    public void A_missing_program_file_is_refused_naming_it()
    {
        var missing = Path.Combine(_directory, "missing.js");
        var error = Assert.Throws<FileNotFoundException>(() => QueueProcessors.JavaScript(missing));
        Assert.Contains(missing, error.Message);
    }

    public void Dispose() => Directory.Delete(_directory, recursive: true);
}
