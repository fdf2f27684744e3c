using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using JobRuntime.Silo.Tests;

namespace JobRuntime.Security.Tests;

/// <summary>
/// A corpus of hostile requests against the silo's HTTP endpoints: malformed and deeply nested
/// JSON, huge numbers, invalid UTF-8, oversize bodies, headers and URLs, path traversal in keys,
/// names that look like SQL. Each gets a 4xx with a JSON <c>{"message"}</c> (or is taken as plain
/// data), never a 5xx, and the silo keeps serving with its data intact.
/// </summary>
public sealed class HostileInputTests(MatrixSilo silo) : IClassFixture<MatrixSilo>
{
    private const string Sql = "x'; DROP TABLE jobs; --";

    private static readonly byte[] InvalidUtf8 = [(byte)'{', (byte)'"', (byte)'p', (byte)'r', (byte)'o', (byte)'g', (byte)'r', (byte)'a', (byte)'m', (byte)'"', (byte)':', (byte)'"', 0xFF, 0xFE, 0xC3, 0x28, (byte)'"', (byte)'}'];

    private sealed record Case(string Name, HttpMethod Method, string Path, byte[]? Body, bool Platform = false, params int[] Allowed);

    private IEnumerable<Case> Corpus()
    {
        var job = silo.Job;
        var nested = Encoding.UTF8.GetBytes(new string('[', 100_000) + new string(']', 100_000));
        var nestedObject = Encoding.UTF8.GetBytes(string.Concat(Enumerable.Repeat("{\"a\":", 10_000)) + "1" + new string('}', 10_000));
        byte[] Text(string s) => Encoding.UTF8.GetBytes(s);
        var items = $"/storage/items/1/{silo.First.Spider}/{silo.First.Job}";
        return
        [
            new("truncated job", HttpMethod.Post, "/jobs/", Text("{\"program\": "), false, 400),
            new("nested job", HttpMethod.Post, "/jobs/", nested, false, 400),
            new("invalid UTF-8 job", HttpMethod.Post, "/jobs/", InvalidUtf8, false, 400),
            new("huge number as program", HttpMethod.Post, "/jobs/", Text("{\"program\": 1e999999}"), false, 400),
            new("job options of the wrong type", HttpMethod.Post, "/jobs/", Text("{\"program\": \"function Run(d) { return d; }\", \"kind\": [1]}"), false, 400),
            new("truncated task", HttpMethod.Post, $"/jobs/{job}/tasks", Text("{\"a\":\n"), false, 400),
            new("nested task", HttpMethod.Post, $"/jobs/{job}/tasks", nested, false, 400),
            new("invalid UTF-8 task", HttpMethod.Post, $"/jobs/{job}/tasks", [0xFF, 0xFE, (byte)'\n'], false, 400),
            new("huge number task", HttpMethod.Post, $"/jobs/{job}/tasks", Text("1e999999\n123456789012345678901234567890123456789\n"), false, 201, 400),
            new("a non-number task index", HttpMethod.Get, $"/jobs/{job}/tasks/abc", null, false, 404),
            new("a non-number resume position", HttpMethod.Get, $"/jobs/{job}/results?from=abc", null, false, 400),
            new("traversal in a job id", HttpMethod.Get, "/jobs/..%2F..%2F..%2Fetc%2Fpasswd", null, false, 400, 404),
            new("SQL in a job id", HttpMethod.Get, "/jobs/" + Uri.EscapeDataString(Sql), null, false, 400, 404),
            new("truncated state", HttpMethod.Patch, "/state/hostile/", Text("{\"k\": "), false, 400),
            new("nested state", HttpMethod.Patch, "/state/hostile/", nestedObject, false, 400),
            new("invalid UTF-8 state value", HttpMethod.Put, "/state/hostile/keys/k", [(byte)'"', 0xFF, 0xFE, (byte)'"'], false, 400),
            new("huge number state value", HttpMethod.Put, "/state/hostile/keys/k", Text("123456789012345678901234567890e99999"), false, 200, 400),
            new("oversize state body", HttpMethod.Patch, "/state/hostile/", Text("{\"k\":\"" + new string('x', 5 << 20) + "\"}"), false, 413),
            new("traversal in a state key", HttpMethod.Get, "/state/..%2F..%2Fetc/keys/..%2F..%2Fpasswd", null, false, 400, 404),
            new("SQL in a state namespace and key", HttpMethod.Put, $"/state/{Uri.EscapeDataString(Sql)}/keys/{Uri.EscapeDataString(Sql)}", Text("1"), false, 200, 400),
            new("a non-number wait timeout", HttpMethod.Get, "/state/hostile/wait?timeout=soon", null, false, 400),
            new("SQL in a queue name", HttpMethod.Get, "/queues/" + Uri.EscapeDataString(Sql), null, false, 400),
            new("traversal in a queue name", HttpMethod.Post, "/queues/..%2F..%2Fetc/messages", Text("{}\n"), false, 400, 404),
            new("truncated queue message", HttpMethod.Post, "/queues/hostile/messages", Text("{\"a\":\n"), false, 400),
            new("a non-number message count", HttpMethod.Get, "/queues/hostile/messages?n=many", null, false, 400),
            new("traversal in a console asset", HttpMethod.Get, "/console/assets/..%2F..%2Fappsettings.json", null, false, 404),
            new("traversal in a console asset, dots", HttpMethod.Get, "/console/assets/..", null, false, 404),
            new("truncated platform item", HttpMethod.Post, items, Text("{\"a\":\n"), true, 400),
            new("invalid UTF-8 platform item", HttpMethod.Post, items, [(byte)'{', (byte)'"', 0xFF, (byte)'"', (byte)':', (byte)'1', (byte)'}', (byte)'\n'], true, 400),
            new("nested platform item", HttpMethod.Post, items, nestedObject, true, 400),
            new("SQL in a spider name", HttpMethod.Post, "/storage/jobq/1/push", Text($"{{\"spider\":\"{Sql.Replace("'", "\\u0027", StringComparison.Ordinal)}\"}}\n"), true, 200, 400),
            new("SQL in a spider id lookup", HttpMethod.Get, "/storage/ids/1/spider/" + Uri.EscapeDataString(Sql), null, true, 200, 400, 404),
            new("traversal in a collection key", HttpMethod.Get, "/storage/collections/1/s/secrets/..%2F..%2F..%2Fetc%2Fpasswd", null, true, 404),
            new("SQL in a collection name", HttpMethod.Post, "/storage/collections/1/s/" + Uri.EscapeDataString(Sql), Text("{\"_key\":\"k\",\"value\":1}\n"), true, 200, 400),
            new("a project id that is not a number", HttpMethod.Get, "/storage/jobq/1%20OR%201=1/count", null, true, 400),
            new("a huge project id", HttpMethod.Get, "/storage/jobq/99999999999999999999999/count", null, true, 400),
            new("a run.json that is JSON", HttpMethod.Post, "/api/run.json", Text("{\"project\":1}"), true, 400),
            new("a bad filter", HttpMethod.Get, items + "?filter=" + Uri.EscapeDataString("[\"a\", \"DROP\"]"), null, true, 400),
        ];
    }

    [Fact]
    public async Task Every_hostile_request_gets_a_typed_4xx_or_is_taken_as_data_and_the_silo_keeps_serving()
    {
        var failures = new List<string>();
        foreach (var hostile in Corpus())
        {
            HttpResponseMessage response;
            try
            {
                response = await SendAsync(hostile);
            }
            catch (HttpRequestException e)
            {
                failures.Add($"{hostile.Name}: no answer ({e.Message})");
                continue;
            }
            using var _ = response;
            var body = await response.Content.ReadAsStringAsync();
            var status = (int)response.StatusCode;
            if (!hostile.Allowed.Contains(status))
            {
                failures.Add($"{hostile.Name}: {status} (expected {string.Join(" or ", hostile.Allowed)}): {Cut(body)}");
            }
            else if (status >= 400 && !HasMessage(body))
            {
                failures.Add($"{hostile.Name}: {status} without a JSON message: {Cut(body)}");
            }
            if (body.Contains("root:", StringComparison.Ordinal) || body.Contains("\"Logging\"", StringComparison.Ordinal))
            {
                failures.Add($"{hostile.Name}: a file's content came back: {Cut(body)}");
            }
        }
        Assert.True(failures.Count == 0, string.Join("\n", failures));
        await AssertStillServingAsync();
    }

    [Fact]
    public async Task Oversize_headers_and_urls_get_431_and_414_with_JSON_messages_and_the_silo_keeps_serving()
    {
        using (var response = await GetJobsAsync(headerPadding: 64 << 10))
        {
            Assert.Equal(HttpStatusCode.RequestHeaderFieldsTooLarge, response.StatusCode);
            Assert.Contains("MaxRequestHeadersBytes", Message(await response.Content.ReadAsStringAsync()), StringComparison.Ordinal);
        }
        using (var response = await GetJobsAsync(path: "/jobs/" + new string('a', 32 << 10)))
        {
            Assert.Equal(HttpStatusCode.RequestUriTooLong, response.StatusCode);
            Assert.Contains("MaxRequestLineBytes", Message(await response.Content.ReadAsStringAsync()), StringComparison.Ordinal);
        }
        using (var request = new HttpRequestMessage(HttpMethod.Get, "/jobs/"))
        {
            request.Headers.TryAddWithoutValidation("Authorization", "Basic !!!not-base64");
            using var response = await silo.Silo.Http.SendAsync(request);
            Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        }
        await AssertStillServingAsync();
    }

    [Fact]
    public async Task Headers_and_urls_far_over_the_limits_are_cut_off_by_Kestrel_with_the_same_statuses()
    {
        using (var response = await GetJobsAsync(headerPadding: 256 << 10))
        {
            Assert.Equal(HttpStatusCode.RequestHeaderFieldsTooLarge, response.StatusCode);
        }
        using (var response = await GetJobsAsync(path: "/jobs/" + new string('a', 128 << 10)))
        {
            Assert.Equal(HttpStatusCode.RequestUriTooLong, response.StatusCode);
        }
        await AssertStillServingAsync();
    }

    private async Task<HttpResponseMessage> GetJobsAsync(string path = "/jobs/", int headerPadding = 0)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Authorization = MatrixSilo.Basic("alice", "alice-pw");
        if (headerPadding > 0)
        {
            request.Headers.TryAddWithoutValidation("X-Padding", new string('a', headerPadding));
        }
        return await silo.Silo.Http.SendAsync(request);
    }

    private static string Message(string body) => JsonDocument.Parse(body).RootElement.GetProperty("message").GetString()!;

    private async Task AssertStillServingAsync()
    {
        Assert.Equal(HttpStatusCode.OK, (await silo.Silo.Http.GetAsync("/health")).StatusCode);
        using var job = await silo.SendAsync(HttpMethod.Get, $"/jobs/{silo.Job}", MatrixSilo.Basic("alice", "alice-pw"));
        Assert.Equal(HttpStatusCode.OK, job.StatusCode);
        using var items = await silo.SendAsync(HttpMethod.Get, $"/storage/items/1/{silo.First.Spider}/{silo.First.Job}", MatrixSilo.Basic(MatrixSilo.AliceKey, ""));
        Assert.Contains(MatrixSilo.Secret, await items.Content.ReadAsStringAsync());
    }

    private Task<HttpResponseMessage> SendAsync(Case hostile)
    {
        var request = new HttpRequestMessage(hostile.Method, hostile.Path);
        request.Headers.Authorization = hostile.Platform ? MatrixSilo.Basic(MatrixSilo.AliceKey, "") : MatrixSilo.Basic("alice", "alice-pw");
        if (hostile.Body is not null)
        {
            request.Content = new ByteArrayContent(hostile.Body);
            // An oversize body is refused from its Content-Length, before it is sent.
            request.Headers.ExpectContinue = hostile.Body.Length > 1 << 20;
            request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        }
        return silo.Silo.Http.SendAsync(request);
    }

    private static bool HasMessage(string body)
    {
        try
        {
            using var document = JsonDocument.Parse(body);
            return document.RootElement.ValueKind == JsonValueKind.Object && document.RootElement.TryGetProperty("message", out var message)
                && message.ValueKind == JsonValueKind.String && message.GetString()!.Length > 0;
        }
        catch (JsonException)
        {
            return false;
        }
    }

    private static string Cut(string text) => text.Length > 300 ? text[..300] + "..." : text;
}
