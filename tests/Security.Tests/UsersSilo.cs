using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using JobRuntime.Silo.Tests;

namespace JobRuntime.Security.Tests;

/// <summary>A silo process whose only configured user is the administrator root; tests add the rest at run time.</summary>
public sealed class UsersSilo : IAsyncLifetime
{
    public const string RootPassword = "root-password";

    private readonly string _directory = System.IO.Directory.CreateTempSubdirectory("jobruntime-users-").FullName;

    internal SiloProcess Silo { get; private set; } = null!;

    public string Directory => _directory;

    public string DatabasePath => Path.Combine(_directory, "silo.db");

    public static AuthenticationHeaderValue Root => Basic("root", RootPassword);

    public async Task InitializeAsync() => Silo = await StartAsync(DatabasePath);

    /// <summary>A silo over <paramref name="databasePath"/> with the administrator root.</summary>
    internal static Task<SiloProcess> StartAsync(string databasePath, params string[] extra) =>
        SiloProcess.StartAsync(databasePath, null,
            ["--JobRuntime:Users:0:Name", "root", "--JobRuntime:Users:0:Password", RootPassword, "--JobRuntime:Users:0:Admin", "true", .. extra]);

    public static AuthenticationHeaderValue Basic(string user, string password) =>
        new("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{user}:{password}")));

    public static AuthenticationHeaderValue Token(string key) => new("Token", key);

    public Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, AuthenticationHeaderValue? credentials, object? body = null) =>
        SendAsync(Silo, method, path, credentials, body);

    internal static async Task<HttpResponseMessage> SendAsync(SiloProcess silo, HttpMethod method, string path, AuthenticationHeaderValue? credentials, object? body = null)
    {
        using var request = new HttpRequestMessage(method, path) { Content = body as HttpContent ?? (body is null ? null : JsonContent.Create(body)) };
        request.Headers.Authorization = credentials;
        return await silo.Http.SendAsync(request);
    }

    /// <summary>Adds a user as root; fails the test unless it is 201.</summary>
    public async Task AddUserAsync(string name, string? password, params long[] projects)
    {
        using var response = await SendAsync(HttpMethod.Post, "/users/", Root, new { name, password, projects });
        Assert.True(response.StatusCode == HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
    }

    /// <summary>Issues an API key to a user as root: its id and the key.</summary>
    public Task<(string Id, string Key)> IssueKeyAsync(string name) => IssueKeyAsync(Silo, name);

    internal static async Task<(string Id, string Key)> IssueKeyAsync(SiloProcess silo, string name)
    {
        using var response = await SendAsync(silo, HttpMethod.Post, $"/users/{name}/keys", Root);
        Assert.True(response.StatusCode == HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        var issued = await response.Content.ReadFromJsonAsync<JsonElement>();
        return (issued.GetProperty("id").GetString()!, issued.GetProperty("key").GetString()!);
    }

    public async Task DisposeAsync()
    {
        await Silo.DisposeAsync();
        try
        {
            System.IO.Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
