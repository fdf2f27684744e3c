using System.Net.Http.Headers;
using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace JobRuntime.Client.Platform;

/// <summary>
/// A client of the crawling platform's HTTP API, shaped like Scrapinghub's Python client:
/// <see cref="GetProject"/> gives a project's jobs, spiders, collections, frontiers, settings and
/// activity. Errors are typed (<see cref="PlatformApiException"/> and its subclasses).
/// </summary>
public sealed class PlatformClient : IDisposable
{
    private readonly HttpClient _http;
    private readonly bool _ownsHttp;

    /// <summary>Creates a client of the silo at <paramref name="silo"/> (e.g. <c>http://127.0.0.1:5080/</c>) with an API key.</summary>
    public PlatformClient(Uri silo, string apiKey, HttpClient? http = null)
    {
        ArgumentNullException.ThrowIfNull(silo);
        ArgumentNullException.ThrowIfNull(apiKey);
        _ownsHttp = http is null;
        _http = http ?? new HttpClient { Timeout = TimeSpan.FromSeconds(60) };
        _http.BaseAddress = silo;
        _http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes(apiKey + ":")));
    }

    /// <summary>The ids of the projects the key sees.</summary>
    public async Task<IReadOnlyList<long>> ListProjectsAsync(CancellationToken cancellationToken = default)
    {
        var body = await DashAsync(HttpMethod.Get, "api/scrapyd/listprojects.json", null, cancellationToken).ConfigureAwait(false);
        return [.. body["projects"]!.AsArray().Select(p => p!.GetValue<long>())];
    }

    /// <summary>The admin API's deletes (the key must be an administrator's).</summary>
    public PlatformAdmin Admin => new(this);

    /// <summary>A project by id (no request is made).</summary>
    public PlatformProject GetProject(long id) => new(this, id);

    /// <inheritdoc/>
    public void Dispose()
    {
        if (_ownsHttp)
        {
            _http.Dispose();
        }
    }

    internal async Task<JsonObject> DashAsync(HttpMethod method, string path, HttpContent? content, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(method, path) { Content = content };
        using var response = await _http.SendAsync(request, cancellationToken).ConfigureAwait(false);
        var text = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
        if ((int)response.StatusCode >= 500 || response.StatusCode == System.Net.HttpStatusCode.NotFound)
        {
            throw Error((int)response.StatusCode, text);
        }
        var body = JsonNode.Parse(text) as JsonObject ?? throw new PlatformApiException("The dash answered something other than a JSON object.", (int)response.StatusCode);
        var status = body["status"]?.ToString();
        if (status is "error" or "badrequest")
        {
            var message = body["message"]?.ToString() ?? "";
            throw message == "Authentication failed" ? new PlatformUnauthorizedException(message)
                : message.Contains("already scheduled", StringComparison.Ordinal) ? new PlatformDuplicateJobException(message)
                : new PlatformBadRequestException(message);
        }
        return body;
    }

    internal async Task<string> SendAsync(HttpMethod method, string path, HttpContent? content, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(method, path) { Content = content };
        using var response = await _http.SendAsync(request, cancellationToken).ConfigureAwait(false);
        var text = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
        if (!response.IsSuccessStatusCode)
        {
            throw Error((int)response.StatusCode, text);
        }
        return text;
    }

    /// <summary>JSON lines of a GET, as they arrive.</summary>
    internal async IAsyncEnumerable<JsonNode> LinesAsync(string path, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        using var response = await _http.GetAsync(path, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
        if (!response.IsSuccessStatusCode)
        {
            throw Error((int)response.StatusCode, await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false));
        }
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false));
        while (await reader.ReadLineAsync(cancellationToken).ConfigureAwait(false) is { } line)
        {
            if (line.Length > 0)
            {
                yield return JsonNode.Parse(line)!;
            }
        }
    }

    internal static HttpContent Lines(IEnumerable<string> lines) =>
        new ByteArrayContent(Encoding.UTF8.GetBytes(string.Concat(lines.Select(l => l + "\n"))));

    internal static string Json<T>(T value) => JsonSerializer.Serialize(value);

    private static PlatformApiException Error(int status, string body)
    {
        var message = body;
        try
        {
            if (JsonNode.Parse(body) is JsonObject o && o["message"]?.ToString() is { Length: > 0 } m)
            {
                message = m;
            }
        }
        catch (JsonException)
        {
        }
        return status switch
        {
            400 => new PlatformBadRequestException(message),
            401 => new PlatformUnauthorizedException(message),
            403 => new PlatformForbiddenException(message),
            404 => new PlatformNotFoundException(message),
            409 => new PlatformConflictException(message),
            413 => new PlatformValueTooLargeException(message),
            >= 500 => new PlatformServerException(message, status),
            _ => new PlatformApiException(message, status),
        };
    }
}
