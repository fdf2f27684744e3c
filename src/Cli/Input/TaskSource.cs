using System.Runtime.CompilerServices;
using System.Text.Json;

namespace JobRuntime.Cli.Input;

/// <summary>
/// Tasks as newline-delimited JSON, one value per line, from a file or standard input ("-").
/// Blank lines are skipped; a line that is not JSON stops the reading with its line number.
/// </summary>
internal sealed class TaskSource : IDisposable
{
    private const int PreviewLength = 60;

    private readonly TextReader _reader;
    private readonly bool _ownsReader;

    private TaskSource(TextReader reader, bool ownsReader, string name)
    {
        _reader = reader;
        _ownsReader = ownsReader;
        Name = name;
    }

    /// <summary>"stdin" or the file's path, for messages.</summary>
    public string Name { get; }

    /// <summary>Opens the tasks: <paramref name="path"/> "-" (or null) is standard input.</summary>
    public static TaskSource Open(string? path, TextReader standardInput)
    {
        if (string.IsNullOrEmpty(path) || path == "-")
        {
            return new TaskSource(standardInput, ownsReader: false, "stdin");
        }
        try
        {
            return new TaskSource(new StreamReader(path), ownsReader: true, path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new CliException($"Cannot read the tasks file '{path}': {e.Message}");
        }
    }

    /// <summary>The tasks, read as they are consumed.</summary>
    /// <exception cref="TaskLineException">A line is not JSON.</exception>
    public async IAsyncEnumerable<JsonElement> ReadAsync([EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        long number = 0;
        while (await _reader.ReadLineAsync(cancellationToken) is { } line)
        {
            number++;
            if (string.IsNullOrWhiteSpace(line))
            {
                continue;
            }
            JsonElement task;
            try
            {
                task = JsonSerializer.Deserialize<JsonElement>(line);
            }
            catch (JsonException e)
            {
                var preview = line.Length > PreviewLength ? line[..PreviewLength] + "..." : line;
                throw new TaskLineException($"Line {number} of the tasks ({Name}) is not JSON: {preview} ({e.Message})");
            }
            yield return task;
        }
    }

    public void Dispose()
    {
        if (_ownsReader)
        {
            _reader.Dispose();
        }
    }
}
