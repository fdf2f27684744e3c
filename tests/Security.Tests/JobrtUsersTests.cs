using System.Diagnostics;
using System.Net;
using System.Reflection;
using System.Text.Json;
using JobRuntime.Silo.Tests;

namespace JobRuntime.Security.Tests;

/// <summary><c>jobrt users</c> as a process, against a silo process's user admin API.</summary>
public sealed class JobrtUsersTests(UsersSilo silo) : IClassFixture<UsersSilo>
{
    [Fact]
    public async Task Jobrt_users_adds_a_user_issues_and_revokes_a_key_changes_the_password_lists_and_removes()
    {
        var added = await JobrtAsync("lee-password\n", "users", "add", "lee", "--password-stdin", "--project", "5");
        Assert.True(added.ExitCode == 0, added.Output);
        var issued = await JobrtAsync("", "users", "key", "add", "lee");
        Assert.True(issued.ExitCode == 0, issued.Output);
        var key = JsonDocument.Parse(issued.Output).RootElement;
        using (var signed = await silo.SendAsync(HttpMethod.Get, "/storage/jobq/5/count", UsersSilo.Basic(key.GetProperty("key").GetString()!, "")))
        {
            Assert.Equal(HttpStatusCode.OK, signed.StatusCode);
        }

        var revoked = await JobrtAsync("", "users", "key", "revoke", "lee", key.GetProperty("id").GetString()!);
        var passwd = await JobrtAsync("lee-new-password\n", "users", "passwd", "lee");
        var list = await JobrtAsync("", "users", "list");
        using var afterRevoke = await silo.SendAsync(HttpMethod.Get, "/jobs/", UsersSilo.Token(key.GetProperty("key").GetString()!));
        using var newPassword = await silo.SendAsync(HttpMethod.Get, "/jobs/", UsersSilo.Basic("lee", "lee-new-password"));
        var removed = await JobrtAsync("", "users", "remove", "lee");
        using var afterRemove = await silo.SendAsync(HttpMethod.Get, "/jobs/", UsersSilo.Basic("lee", "lee-new-password"));

        Assert.True(revoked.ExitCode == 0 && passwd.ExitCode == 0 && list.ExitCode == 0 && removed.ExitCode == 0, revoked.Output + passwd.Output + list.Output + removed.Output);
        Assert.Equal(HttpStatusCode.Unauthorized, afterRevoke.StatusCode);
        Assert.Equal(HttpStatusCode.OK, newPassword.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, afterRemove.StatusCode);
        var lee = list.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonDocument.Parse(l).RootElement).Single(u => u.GetProperty("name").GetString() == "lee");
        Assert.Equal([5L], lee.GetProperty("projects").EnumerateArray().Select(p => p.GetInt64()));
        Assert.DoesNotContain("lee-new-password", list.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Jobrt_users_without_an_administrators_credentials_fails_with_the_silos_message()
    {
        var refused = await JobrtAsync("", ["users", "list", "--credentials", "root:wrong-password"], withCredentials: false);

        Assert.Equal(1, refused.ExitCode);
        Assert.Contains("401", refused.Output, StringComparison.Ordinal);
        Assert.Contains("wrong", refused.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_password_hash_printed_by_jobrt_users_hash_signs_in_when_configured()
    {
        var hashed = await JobrtAsync("configured-password\n", ["users", "hash"], withCredentials: false);
        Assert.True(hashed.ExitCode == 0, hashed.Output);
        var hash = hashed.Output.Trim();
        Assert.StartsWith("pbkdf2-sha256$", hash, StringComparison.Ordinal);

        var directory = Directory.CreateTempSubdirectory("jobruntime-users-hash-").FullName;
        try
        {
            await using var configured = await SiloProcess.StartAsync(Path.Combine(directory, "silo.db"), null,
                "--JobRuntime:Users:0:Name", "mia", "--JobRuntime:Users:0:PasswordHash", hash);
            using var signed = await UsersSilo.SendAsync(configured, HttpMethod.Get, "/jobs/", UsersSilo.Basic("mia", "configured-password"));

            Assert.Equal(HttpStatusCode.OK, signed.StatusCode);
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    private Task<(int ExitCode, string Output)> JobrtAsync(string input, params string[] arguments) => JobrtAsync(input, arguments, withCredentials: true);

    private async Task<(int ExitCode, string Output)> JobrtAsync(string input, string[] arguments, bool withCredentials)
    {
        var cli = typeof(UsersSilo).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "CliAssembly").Value!;
        var start = new ProcessStartInfo("dotnet") { RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = silo.Directory };
        start.Environment["JOBRT_URL"] = silo.Silo.Address.ToString();
        if (withCredentials)
        {
            start.Environment["JOBRT_CREDENTIALS"] = "root:" + UsersSilo.RootPassword;
        }
        foreach (var argument in (string[])[cli, .. arguments])
        {
            start.ArgumentList.Add(argument);
        }
        using var process = Process.Start(start)!;
        await process.StandardInput.WriteAsync(input);
        process.StandardInput.Close();
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(90));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            return (-1, "jobrt did not finish in time");
        }
        return (process.ExitCode, await output + await error);
    }
}
