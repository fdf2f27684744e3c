using Spectre.Console;
using Spectre.Console.Rendering;

namespace JobRuntime.Cli.Output;

/// <summary>
/// Plain text whose every row also clears the rest of its terminal row: written above a live
/// progress display, it leaves nothing of the bar it replaces.
/// </summary>
internal sealed class ClearedText(string text) : IRenderable
{
    private static readonly Segment ClearToEnd = Segment.Control("\u001b[K");

    private readonly Text _text = new(text);

    public Measurement Measure(RenderOptions options, int maxWidth) => ((IRenderable)_text).Measure(options, maxWidth);

    public IEnumerable<Segment> Render(RenderOptions options, int maxWidth)
    {
        foreach (var segment in ((IRenderable)_text).Render(options, maxWidth))
        {
            if (segment.IsLineBreak)
            {
                yield return ClearToEnd;
            }
            yield return segment;
        }
        yield return ClearToEnd;
        yield return Segment.LineBreak;
    }
}
