using System.CommandLine;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;

namespace JobRuntime.Cli.Commands.Users;

/// <summary>
/// How <c>jobrt users</c> reaches a silo's user admin API: its HTTP address and an administrator's
/// credentials (<c>--credentials user:password</c> or <c>--token</c> with an API key; or the
/// variables JOBRT_URL, JOBRT_CREDENTIALS, JOBRT_TOKEN). A silo with no users needs none.
/// </summary>
internal sealed class UsersConnection
{
    public Option<string?> Url { get; } = SiloUrl.CreateOption();

    public Option<string?> Credentials { get; } = new("--credentials")
    {
        Description = "An administrator's user:password (or env JOBRT_CREDENTIALS).",
        HelpName = "user:password",
        Recursive = true,
    };

    public Option<string?> Token { get; } = new("--token")
    {
        Description = "An administrator's API key (or env JOBRT_TOKEN).",
        HelpName = "key",
        Recursive = true,
    };

    public void AddTo(Command command)
    {
        command.Add(Url);
        command.Add(Credentials);
        command.Add(Token);
    }

    public HttpClient Open(ParseResult parse, CliEnvironment environment)
    {
        var uri = SiloUrl.Resolve(parse, Url, environment);
        var client = new HttpClient { BaseAddress = uri, Timeout = TimeSpan.FromSeconds(100) };
        if ((parse.GetValue(Token) ?? environment.GetVariable("JOBRT_TOKEN")) is { Length: > 0 } token)
        {
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Token", token);
        }
        else if ((parse.GetValue(Credentials) ?? environment.GetVariable("JOBRT_CREDENTIALS")) is { Length: > 0 } credentials)
        {
            if (!credentials.Contains(':', StringComparison.Ordinal))
            {
                throw new CliException("--credentials must be user:password.", ExitCodes.Usage);
            }
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes(credentials)));
        }
        return client;
    }

    /// <summary>Sends a request; the answer's JSON body, or a <see cref="CliException"/> with the silo's message.</summary>
    public static async Task<JsonElement?> SendAsync(HttpClient client, HttpMethod method, string path, object? body, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(method, path) { Content = body is null ? null : JsonContent.Create(body) };
        HttpResponseMessage response;
        try
        {
            response = await client.SendAsync(request, cancellationToken);
        }
        catch (HttpRequestException e)
        {
            throw new CliException($"the silo at {client.BaseAddress} cannot be reached: {e.Message}");
        }
        using (response)
        {
            var text = await response.Content.ReadAsStringAsync(cancellationToken);
            JsonElement? json = null;
            try
            {
                json = text.Length == 0 ? null : JsonDocument.Parse(text).RootElement.Clone();
            }
            catch (JsonException)
            {
            }
            if (!response.IsSuccessStatusCode)
            {
                var message = json is { ValueKind: JsonValueKind.Object } o && o.TryGetProperty("message", out var m) ? m.GetString() : text;
                throw new CliException($"{(int)response.StatusCode} {response.ReasonPhrase}: {message}");
            }
            return json;
        }
    }
}
