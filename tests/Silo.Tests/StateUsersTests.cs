using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using JobRuntime.Client.States;
using JobRuntime.GrainInterfaces.State;

namespace JobRuntime.Silo.Tests;

/// <summary>/state with the jobs API's users configured: alice and bob, and carol the administrator, against the silo process.</summary>
public sealed class StateUsersTests(StateUsersFixture fixture) : IClassFixture<StateUsersFixture>
{
    private readonly HttpClient _alice = fixture.As("alice");
    private readonly HttpClient _bob = fixture.As("bob");
    private readonly HttpClient _carol = fixture.As("carol");

    private static StringContent Json(string json) => new(json, Encoding.UTF8, "application/json");

    private static string Namespace() => "fruit-" + Guid.NewGuid().ToString("N");

    [Fact]
    public async Task Another_user_cannot_read_or_wait_on_a_users_state()
    {
        var ns = Namespace();
        Assert.Equal(HttpStatusCode.OK, (await _alice.PutAsync($"/state/{ns}/keys/apples", Json("5"))).StatusCode);

        Assert.Equal(HttpStatusCode.NotFound, (await _bob.GetAsync($"/state/{ns}/keys/apples")).StatusCode);
        var named = await _bob.GetAsync($"/state/{ns}?user=alice");
        Assert.Equal(HttpStatusCode.NotFound, named.StatusCode);
        Assert.Contains("alice", (await named.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, (await _bob.GetAsync($"/state/{ns}/keys/apples?user=alice")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await _bob.GetAsync($"/state/{ns}/wait?user=alice&condition=available&key=apples&timeout=30")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await _bob.GetAsync($"/state/{ns}/updates?user=alice&after=0")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await _bob.PutAsync($"/state/{ns}/keys/apples?user=alice", Json("0"))).StatusCode);
        Assert.Equal(5, await _alice.GetFromJsonAsync<int>($"/state/{ns}/keys/apples"));
    }

    [Fact]
    public async Task Two_users_namespaces_of_the_same_name_are_separate_states()
    {
        var ns = Namespace();
        await _alice.PutAsync($"/state/{ns}/keys/apples", Json("5"));
        await _bob.PutAsync($"/state/{ns}/keys/apples", Json("7"));
        Assert.Equal(5, await _alice.GetFromJsonAsync<int>($"/state/{ns}/keys/apples"));
        var bobs = await _bob.GetFromJsonAsync<JsonElement>($"/state/{ns}");
        Assert.Equal(1, bobs.GetProperty("version").GetInt64());
        Assert.Equal(7, bobs.GetProperty("values").GetProperty("apples").GetInt32());
    }

    [Fact]
    public async Task An_administrator_reads_and_waits_on_another_users_state()
    {
        var ns = Namespace();
        await _alice.PutAsync($"/state/{ns}/keys/apples", Json("5"));
        Assert.Equal(5, await _carol.GetFromJsonAsync<int>($"/state/{ns}/keys/apples?user=alice"));
        var waiting = _carol.GetAsync($"/state/{ns}/wait?user=alice&condition=equal&key=apples&value=6&timeout=60");
        await _alice.PutAsync($"/state/{ns}/keys/apples", Json("6"));
        var answer = await waiting;
        Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
        Assert.Equal(6, (await answer.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("state").GetProperty("values").GetProperty("apples").GetInt32());
    }

    [Fact]
    public async Task A_dotnet_client_reaches_a_users_state_through_its_user_qualified_key()
    {
        var ns = Namespace();
        await using var client = await OrleansClientHost.StartAsync(fixture.Silo.GatewayAddress);
        await client.Client.GetState(StateNamespaces.ForUser("alice", ns)).SetAsync("pears", 3);
        Assert.Equal(3, await _alice.GetFromJsonAsync<int>($"/state/{ns}/keys/pears"));
        Assert.Equal(HttpStatusCode.NotFound, (await _bob.GetAsync($"/state/{ns}/keys/pears")).StatusCode);
    }
}

/// <summary>One silo process with users alice (password), bob (token) and the administrator carol.</summary>
public sealed class StateUsersFixture : IAsyncLifetime
{
    private static readonly Dictionary<string, AuthenticationHeaderValue> Credentials = new()
    {
        ["alice"] = new("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes("alice:alice-pw"))),
        ["bob"] = new("Token", "bob-token"),
        ["carol"] = new("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes("carol:carol-pw"))),
    };

    private readonly string _directory = Directory.CreateTempSubdirectory("jobruntime-state-users-").FullName;

    internal SiloProcess Silo { get; private set; } = null!;

    public HttpClient As(string user) =>
        new() { BaseAddress = Silo.Address, Timeout = TimeSpan.FromSeconds(90), DefaultRequestHeaders = { Authorization = Credentials[user] } };

    public async Task InitializeAsync() => Silo = await SiloProcess.StartAsync(Path.Combine(_directory, "silo.db"), null,
        "--JobRuntime:Http:Users:0:Name", "alice", "--JobRuntime:Http:Users:0:Password", "alice-pw",
        "--JobRuntime:Http:Tokens:0:Token", "bob-token", "--JobRuntime:Http:Tokens:0:User", "bob",
        "--JobRuntime:Http:Users:1:Name", "carol", "--JobRuntime:Http:Users:1:Password", "carol-pw", "--JobRuntime:Http:Users:1:Admin", "true");

    public async Task DisposeAsync()
    {
        await Silo.DisposeAsync();
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
