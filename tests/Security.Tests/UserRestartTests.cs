using System.Net;
using JobRuntime.Silo.Tests;

namespace JobRuntime.Security.Tests;

/// <summary>Users added at run time live in the silo's grain storage: they outlive the silo's process.</summary>
public sealed class UserRestartTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("jobruntime-users-restart-").FullName;

    [Fact]
    public async Task A_user_and_key_added_at_run_time_sign_in_after_the_silo_process_restarts()
    {
        var database = Path.Combine(_directory, "silo.db");
        string key;
        await using (var first = await UsersSilo.StartAsync(database))
        {
            using var added = await UsersSilo.SendAsync(first, HttpMethod.Post, "/users/", UsersSilo.Root, new { name = "kim", password = "kim-password" });
            Assert.Equal(HttpStatusCode.Created, added.StatusCode);
            (_, key) = await UsersSilo.IssueKeyAsync(first, "kim");
        }

        await using var second = await UsersSilo.StartAsync(database);
        using var password = await UsersSilo.SendAsync(second, HttpMethod.Get, "/jobs/", UsersSilo.Basic("kim", "kim-password"));
        using var token = await UsersSilo.SendAsync(second, HttpMethod.Get, "/jobs/", UsersSilo.Token(key));
        using var wrong = await UsersSilo.SendAsync(second, HttpMethod.Get, "/jobs/", UsersSilo.Basic("kim", "not-kim-password"));

        Assert.Equal(HttpStatusCode.OK, password.StatusCode);
        Assert.Equal(HttpStatusCode.OK, token.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
