using Spectre.Console;

namespace JobRuntime.Cli.Output;

/// <summary>
/// Standard error shared by progress and whole lines (task errors, messages). When standard error
/// is a terminal, a live Spectre.Console progress display owns it (<see cref="Live"/>) and whole
/// lines are written above the bars; otherwise progress is a plain line at most once a second,
/// and the last one when the command ends.
/// </summary>
internal sealed class StatusLine(TextWriter error, TimeProvider? time = null)
{
    private static readonly TimeSpan Interval = TimeSpan.FromSeconds(1);

    private readonly TimeProvider _time = time ?? TimeProvider.System;
    private readonly Lock _lock = new();
    private string? _pending;
    private long _writtenAt = (time ?? TimeProvider.System).GetTimestamp(); // a command shorter than a second prints its last progress only

    /// <summary>The live progress display that owns the terminal, while one runs.</summary>
    public IAnsiConsole? Live { get; set; }

    /// <summary>The progress now, as a plain line (written at most once a second).</summary>
    public void Show(string text)
    {
        lock (_lock)
        {
            if (Live is not null)
            {
                return;
            }
            _pending = text;
            if (_time.GetElapsedTime(_writtenAt) >= Interval)
            {
                WritePending();
            }
        }
    }

    /// <summary>Writes a line of its own (above the live display, if one runs).</summary>
    public void WriteLine(string line)
    {
        lock (_lock)
        {
            if (Live is { } live)
            {
                live.Write(new ClearedText(line));
            }
            else
            {
                error.WriteLine(line);
            }
        }
    }

    /// <summary>Writes the last progress not written yet.</summary>
    public void End()
    {
        lock (_lock)
        {
            if (_pending is not null)
            {
                WritePending();
            }
            error.Flush();
        }
    }

    private void WritePending()
    {
        error.WriteLine(_pending);
        error.Flush();
        _pending = null;
        _writtenAt = _time.GetTimestamp();
    }
}
