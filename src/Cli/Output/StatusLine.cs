namespace JobRuntime.Cli.Output;

/// <summary>
/// Standard error shared by a redrawn status line (written over with <c>\r</c>) and whole lines
/// (task errors, messages): a whole line first wipes the status line so the two never mix.
/// </summary>
internal sealed class StatusLine(TextWriter error)
{
    private readonly Lock _lock = new();
    private int _shown;

    /// <summary>Replaces the status line.</summary>
    public void Show(string text)
    {
        lock (_lock)
        {
            error.Write('\r');
            error.Write(text);
            if (_shown > text.Length)
            {
                error.Write(new string(' ', _shown - text.Length));
            }
            _shown = text.Length;
            error.Flush();
        }
    }

    /// <summary>Writes a line of its own, above the status line.</summary>
    public void WriteLine(string line)
    {
        lock (_lock)
        {
            Wipe();
            error.WriteLine(line);
        }
    }

    /// <summary>Leaves the status line as it is and moves past it.</summary>
    public void End()
    {
        lock (_lock)
        {
            if (_shown > 0)
            {
                error.WriteLine();
                _shown = 0;
            }
            error.Flush();
        }
    }

    private void Wipe()
    {
        if (_shown > 0)
        {
            error.Write('\r');
            error.Write(new string(' ', _shown));
            error.Write('\r');
            _shown = 0;
        }
    }
}
