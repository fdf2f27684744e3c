using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;

namespace JobRuntime.Security.Tests;

/// <summary>
/// One list of users for every HTTP surface, changed at run time through <c>/users</c>: a user
/// added there signs in everywhere, and a change takes effect on the next request.
/// </summary>
public sealed class UserDirectoryTests(UsersSilo silo) : IClassFixture<UsersSilo>
{
    [Fact]
    public async Task A_user_added_by_the_admin_api_signs_in_to_the_jobs_api_with_a_password_and_to_the_platform_api_with_a_key()
    {
        await silo.AddUserAsync("dora", "dora-password", 7);
        var (_, key) = await silo.IssueKeyAsync("dora");

        using var job = await silo.SendAsync(HttpMethod.Post, "/jobs/", UsersSilo.Basic("dora", "dora-password"), new { program = "function Run(d) { return d; }" });
        using var pushed = await silo.SendAsync(HttpMethod.Post, "/storage/jobq/7/push", UsersSilo.Basic(key, ""), Lines("{\"spider\":\"dora-spider\"}"));
        using var projects = await silo.SendAsync(HttpMethod.Get, "/api/scrapyd/listprojects.json", UsersSilo.Basic(key, ""));
        using var jobs = await silo.SendAsync(HttpMethod.Get, "/jobs/", UsersSilo.Token(key));

        Assert.Equal(HttpStatusCode.Created, job.StatusCode);
        Assert.Equal(HttpStatusCode.OK, pushed.StatusCode);
        Assert.Equal([7L], (await projects.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("projects").EnumerateArray().Select(p => p.GetInt64()));
        Assert.Single((await jobs.Content.ReadFromJsonAsync<JsonElement[]>())!);
    }

    [Fact]
    public async Task A_revoked_key_gets_401_at_once_on_every_api()
    {
        await silo.AddUserAsync("eve", null, 8);
        var (id, key) = await silo.IssueKeyAsync("eve");
        using (var before = await silo.SendAsync(HttpMethod.Get, "/jobs/", UsersSilo.Token(key)))
        {
            Assert.Equal(HttpStatusCode.OK, before.StatusCode);
        }

        using var revoked = await silo.SendAsync(HttpMethod.Delete, $"/users/eve/keys/{id}", UsersSilo.Root);
        using var jobs = await silo.SendAsync(HttpMethod.Get, "/jobs/", UsersSilo.Token(key));
        using var platform = await silo.SendAsync(HttpMethod.Get, "/storage/jobq/8/count", UsersSilo.Basic(key, ""));

        Assert.Equal(HttpStatusCode.NoContent, revoked.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, jobs.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, platform.StatusCode);
    }

    [Fact]
    public async Task A_changed_password_refuses_the_old_one_and_a_removed_user_is_refused_at_once()
    {
        await silo.AddUserAsync("fay", "first-password");
        using (var first = await silo.SendAsync(HttpMethod.Get, "/jobs/", UsersSilo.Basic("fay", "first-password")))
        {
            Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        }

        using var changed = await silo.SendAsync(HttpMethod.Put, "/users/fay/password", UsersSilo.Root, new { password = "second-password" });
        using var old = await silo.SendAsync(HttpMethod.Get, "/jobs/", UsersSilo.Basic("fay", "first-password"));
        using var current = await silo.SendAsync(HttpMethod.Get, "/jobs/", UsersSilo.Basic("fay", "second-password"));
        using var removed = await silo.SendAsync(HttpMethod.Delete, "/users/fay", UsersSilo.Root);
        using var after = await silo.SendAsync(HttpMethod.Get, "/jobs/", UsersSilo.Basic("fay", "second-password"));

        Assert.Equal(HttpStatusCode.NoContent, changed.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, old.StatusCode);
        Assert.Equal(HttpStatusCode.OK, current.StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, removed.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, after.StatusCode);
    }

    [Fact]
    public async Task The_silos_storage_holds_pbkdf2_hash_strings_and_key_hashes_but_no_password_or_key()
    {
        const string password = "stored-password-0123";
        await silo.AddUserAsync("gus", password);
        var (_, key) = await silo.IssueKeyAsync("gus");

        var stored = ReadAll(silo.DatabasePath);

        Assert.Contains("pbkdf2-sha256$210000$", stored, StringComparison.Ordinal);
        Assert.Contains(Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(Encoding.UTF8.GetBytes(key))), stored, StringComparison.Ordinal);
        Assert.DoesNotContain(password, stored, StringComparison.Ordinal);
        Assert.DoesNotContain(key, stored, StringComparison.Ordinal);
        Assert.DoesNotContain(UsersSilo.RootPassword, stored, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_user_from_configuration_is_listed_but_changed_only_there()
    {
        using var list = await silo.SendAsync(HttpMethod.Get, "/users/", UsersSilo.Root);
        using var add = await silo.SendAsync(HttpMethod.Post, "/users/", UsersSilo.Root, new { name = "root", password = "another-password" });
        using var remove = await silo.SendAsync(HttpMethod.Delete, "/users/root", UsersSilo.Root);

        var root = (await list.Content.ReadFromJsonAsync<JsonElement[]>())!.Single(u => u.GetProperty("name").GetString() == "root");
        Assert.Equal("configuration", root.GetProperty("source").GetString());
        Assert.True(root.GetProperty("admin").GetBoolean());
        Assert.Equal(HttpStatusCode.Conflict, add.StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, remove.StatusCode);
        Assert.Contains("JobRuntime:Users", (await remove.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("message").GetString());
    }

    [Fact]
    public async Task The_platforms_admin_api_adds_and_removes_users_of_the_same_directory()
    {
        const string key = "platform-key-0123456789abcdef";
        using var put = await silo.SendAsync(HttpMethod.Put, "/api/admin/users/hal", UsersSilo.Root, new StringContent($"{{\"apikey\":\"{key}\",\"projects\":[9]}}", Encoding.UTF8, "application/json"));
        using var user = await silo.SendAsync(HttpMethod.Get, "/users/hal", UsersSilo.Root);
        using var jobs = await silo.SendAsync(HttpMethod.Get, "/jobs/", UsersSilo.Token(key));
        using var deleted = await silo.SendAsync(HttpMethod.Delete, "/api/admin/users/hal", UsersSilo.Root);
        using var after = await silo.SendAsync(HttpMethod.Get, "/storage/jobq/9/count", UsersSilo.Basic(key, ""));

        Assert.Equal(HttpStatusCode.OK, put.StatusCode);
        Assert.Equal([9L], (await user.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("projects").EnumerateArray().Select(p => p.GetInt64()));
        Assert.Equal(HttpStatusCode.OK, jobs.StatusCode);
        Assert.Equal(HttpStatusCode.OK, deleted.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, after.StatusCode);
    }

    [Fact]
    public async Task Each_users_queues_are_their_own_and_an_administrator_names_the_owner_with_user()
    {
        await silo.AddUserAsync("nia", "nia-password");
        await silo.AddUserAsync("oto", "oto-password");
        var nia = UsersSilo.Basic("nia", "nia-password");
        var oto = UsersSilo.Basic("oto", "oto-password");
        using (var pushed = await silo.SendAsync(HttpMethod.Post, "/queues/work/messages", nia, Lines("{\"n\": 1}")))
        {
            Assert.Equal(HttpStatusCode.Created, pushed.StatusCode);
        }

        using var niaList = await silo.SendAsync(HttpMethod.Get, "/queues/", nia);
        using var otoQueue = await silo.SendAsync(HttpMethod.Get, "/queues/work", oto);
        using var otoList = await silo.SendAsync(HttpMethod.Get, "/queues/", oto);
        using var otoNamingNia = await silo.SendAsync(HttpMethod.Get, "/queues/work?user=nia", oto);
        using var rootNamingNia = await silo.SendAsync(HttpMethod.Get, "/queues/work?user=nia", UsersSilo.Root);

        Assert.Equal("work", Assert.Single((await niaList.Content.ReadFromJsonAsync<JsonElement[]>())!).GetProperty("name").GetString());
        Assert.Equal(0, (await otoQueue.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("size").GetInt64());
        Assert.Empty((await otoList.Content.ReadFromJsonAsync<JsonElement[]>())!);
        Assert.Equal(HttpStatusCode.NotFound, otoNamingNia.StatusCode);
        Assert.Equal(1, (await rootNamingNia.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("size").GetInt64());
    }

    [Theory]
    [InlineData("bad:name", "long-enough-password", "A user name")]
    [InlineData("ivy", "short", "at least 8 characters")]
    public async Task A_bad_name_or_a_short_password_is_400_naming_the_rule(string name, string password, string message)
    {
        using var response = await silo.SendAsync(HttpMethod.Post, "/users/", UsersSilo.Root, new { name, password });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains(message, (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("message").GetString());
    }

    private static StringContent Lines(string line) => new(line + "\n", Encoding.UTF8, "application/json");

    // The database and its write-ahead log, as text: strings are stored as UTF-8.
    private static string ReadAll(string database)
    {
        var text = new StringBuilder();
        foreach (var path in (string[])[database, database + "-wal"])
        {
            if (File.Exists(path))
            {
                using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
                using var copy = new MemoryStream();
                file.CopyTo(copy);
                text.Append(Encoding.Latin1.GetString(copy.ToArray()));
            }
        }
        return text.ToString();
    }
}
