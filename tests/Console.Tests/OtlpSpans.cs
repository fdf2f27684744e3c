using System.Text;

namespace JobRuntime.Console.Tests;

/// <summary>A span as an OTLP export carries it: ids (hex) and name.</summary>
internal sealed record OtlpSpan(string TraceId, string SpanId, string ParentSpanId, string Name);

/// <summary>
/// Reads the spans of an OTLP/HTTP protobuf traces export (ExportTraceServiceRequest): resource
/// spans (field 1), their scope spans (2), their spans (2), and of each span the trace id (1), span
/// id (2), parent span id (4) and name (5). Only the protobuf wire format is needed for that.
/// </summary>
internal static class OtlpSpans
{
    public static List<OtlpSpan> Read(byte[] export)
    {
        var spans = new List<OtlpSpan>();
        foreach (var (field, resource) in Fields(export))
        {
            if (field != 1) continue;
            foreach (var (f2, scope) in Fields(resource))
            {
                if (f2 != 2) continue;
                foreach (var (f3, span) in Fields(scope))
                {
                    if (f3 == 2) spans.Add(Span(span));
                }
            }
        }
        return spans;
    }

    private static OtlpSpan Span(byte[] span)
    {
        string trace = "", id = "", parent = "", name = "";
        foreach (var (field, value) in Fields(span))
        {
            switch (field)
            {
                case 1: trace = Convert.ToHexStringLower(value); break;
                case 2: id = Convert.ToHexStringLower(value); break;
                case 4: parent = Convert.ToHexStringLower(value); break;
                case 5: name = Encoding.UTF8.GetString(value); break;
            }
        }
        return new OtlpSpan(trace, id, parent, name);
    }

    // The length-delimited fields of a message with their numbers; other wire types are skipped.
    private static IEnumerable<(int Field, byte[] Value)> Fields(byte[] message)
    {
        var at = 0;
        while (at < message.Length)
        {
            var key = Varint(message, ref at);
            var field = (int)(key >> 3);
            switch (key & 7)
            {
                case 0: Varint(message, ref at); break;
                case 1: at += 8; break;
                case 5: at += 4; break;
                case 2:
                    var length = (int)Varint(message, ref at);
                    yield return (field, message[at..(at + length)]);
                    at += length;
                    break;
                default: throw new InvalidDataException($"Unexpected protobuf wire type {key & 7} at byte {at}.");
            }
        }
    }

    private static ulong Varint(byte[] data, ref int at)
    {
        ulong value = 0;
        for (var shift = 0; ; shift += 7)
        {
            var b = data[at++];
            value |= (ulong)(b & 0x7f) << shift;
            if (b < 0x80) return value;
        }
    }
}
