using JobRuntime.GrainInterfaces;

namespace JobRuntime.Cli.Output;

/// <summary>Task errors as JSON lines, to standard error (above the status line) or to a file (<c>--errors</c>).</summary>
internal sealed class TaskErrorWriter : IDisposable
{
    private readonly StatusLine _status;
    private readonly StreamWriter? _file;

    private TaskErrorWriter(StatusLine status, StreamWriter? file)
    {
        _status = status;
        _file = file;
    }

    public static TaskErrorWriter Open(StatusLine status, string? path)
    {
        if (path is null)
        {
            return new TaskErrorWriter(status, null);
        }
        try
        {
            return new TaskErrorWriter(status, new StreamWriter(path, append: false));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new CliException($"Cannot write the errors file '{path}': {e.Message}");
        }
    }

    public void Write(TaskFailure failure)
    {
        var line = JsonLines.Error(failure.Index, failure.Error);
        if (_file is null)
        {
            _status.WriteLine(line);
        }
        else
        {
            _file.WriteLine(line);
        }
    }

    public void Flush() => _file?.Flush();

    public void Dispose() => _file?.Dispose();
}
