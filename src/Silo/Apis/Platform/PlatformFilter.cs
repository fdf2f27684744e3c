using System.Text.Json;

namespace JobRuntime.Silo.Apis.Platform;

/// <summary>
/// The <c>filter</c> query parameter: JSON triples <c>[field, op, [values]]</c>, all of which a
/// record must pass. Operators: <c>=</c>, <c>!=</c>, <c>&gt;</c>, <c>&gt;=</c>, <c>&lt;</c>,
/// <c>&lt;=</c>, <c>contains</c>, <c>in</c>, <c>haselement</c>, <c>hasnotelement</c>, <c>exists</c>.
/// </summary>
internal sealed class PlatformFilter
{
    private readonly List<(string Field, string Op, JsonElement[] Values)> _triples = [];

    public bool IsEmpty => _triples.Count == 0;

    public static PlatformFilter From(HttpRequest request)
    {
        var filter = new PlatformFilter();
        foreach (var text in PlatformHttp.All(request, "filter"))
        {
            try
            {
                using var document = JsonDocument.Parse(text);
                var root = document.RootElement;
                if (root.ValueKind != JsonValueKind.Array || root.GetArrayLength() < 2 || root[0].ValueKind != JsonValueKind.String || root[1].ValueKind != JsonValueKind.String)
                {
                    throw new JsonException("expected [field, operator, [values]]");
                }
                var values = root.GetArrayLength() > 2
                    ? root[2].ValueKind == JsonValueKind.Array ? [.. root[2].EnumerateArray().Select(v => v.Clone())] : [root[2].Clone()]
                    : Array.Empty<JsonElement>();
                var op = root[1].GetString()!;
                if (op is not ("=" or "!=" or ">" or ">=" or "<" or "<=" or "contains" or "in" or "haselement" or "hasnotelement" or "exists"))
                {
                    throw new JsonException($"unknown operator '{op}'");
                }
                filter._triples.Add((root[0].GetString()!, op, values));
            }
            catch (JsonException e)
            {
                throw new PlatformHttpException(StatusCodes.Status400BadRequest, $"Bad filter '{text}': {e.Message}.");
            }
        }
        return filter;
    }

    public bool Matches(JsonElement record)
    {
        foreach (var (field, op, values) in _triples)
        {
            var value = default(JsonElement);
            var present = record.ValueKind == JsonValueKind.Object && record.TryGetProperty(field, out value);
            if (op == "exists")
            {
                if (!present)
                {
                    return false;
                }
                continue;
            }
            if (!present)
            {
                if (op is "!=" or "hasnotelement")
                {
                    continue;
                }
                return false;
            }
            var pass = op switch
            {
                "=" or "in" => values.Any(v => Compare(value, v) == 0),
                "!=" => values.All(v => Compare(value, v) != 0),
                ">" => values.Length > 0 && Compare(value, values[0]) is > 0,
                ">=" => values.Length > 0 && Compare(value, values[0]) is >= 0,
                "<" => values.Length > 0 && Compare(value, values[0]) is < 0 and not int.MinValue,
                "<=" => values.Length > 0 && Compare(value, values[0]) is <= 0 and not int.MinValue,
                "contains" => value.ValueKind == JsonValueKind.String && values.Any(v => v.ValueKind == JsonValueKind.String && value.GetString()!.Contains(v.GetString()!, StringComparison.Ordinal))
                    || value.ValueKind == JsonValueKind.Array && values.Any(v => value.EnumerateArray().Any(e => Compare(e, v) == 0)),
                "haselement" => value.ValueKind == JsonValueKind.Array && values.Any(v => value.EnumerateArray().Any(e => Compare(e, v) == 0)),
                "hasnotelement" => value.ValueKind != JsonValueKind.Array || values.All(v => !value.EnumerateArray().Any(e => Compare(e, v) == 0)),
                _ => false,
            };
            if (!pass)
            {
                return false;
            }
        }
        return true;
    }

    // Numbers by value, strings ordinally; different kinds never equal.
    private static int Compare(JsonElement a, JsonElement b)
    {
        if (a.ValueKind == JsonValueKind.Number && b.ValueKind == JsonValueKind.Number)
        {
            return a.GetDouble().CompareTo(b.GetDouble());
        }
        if (a.ValueKind == JsonValueKind.String && b.ValueKind == JsonValueKind.String)
        {
            return string.CompareOrdinal(a.GetString(), b.GetString());
        }
        return a.ValueKind == b.ValueKind && a.GetRawText() == b.GetRawText() ? 0 : int.MinValue;
    }
}
