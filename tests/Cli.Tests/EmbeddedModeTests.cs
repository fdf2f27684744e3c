namespace JobRuntime.Cli.Tests;

/// <summary>No gateway configured: the CLI starts a silo of its own over a SQLite file.</summary>
public sealed class EmbeddedModeTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("jobrt-embedded-").FullName;

    private string Database => Path.Combine(_folder, "jobrt.db");

    [Fact]
    public async Task List_starts_an_embedded_silo_over_its_database_file()
    {
        var result = await CliRunner.RunAsync(["--db", Database, "list"]);

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Empty(result.Out);
        Assert.True(File.Exists(Database));
    }

    [Fact]
    public async Task The_database_file_comes_from_JOBRT_DB_too()
    {
        var result = await CliRunner.RunAsync(["list"], variables: new Dictionary<string, string> { ["JOBRT_DB"] = Database });

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.True(File.Exists(Database));
    }

    [Fact]
    public async Task Run_computes_every_result_in_the_embedded_silo()
    {
        var result = await CliRunner.RunAsync(["--db", Database, "run", "--dotnet", "double"], CliRunner.Lines(Enumerable.Range(0, 200)), embeddedSilo: CliFixture.AddHandlers);

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal(Enumerable.Range(0, 200).Select(d => d * 2), result.Lines.Select(int.Parse).Order());
        Assert.Contains("200 done, 0 failed, 200 total", result.Error);
    }

    [Fact]
    public async Task Run_computes_a_javascript_program_given_inline()
    {
        var result = await CliRunner.RunAsync(["--db", Database, "run", "-e", "function Run(d) { if (d === 4) throw new Error('oops, it is ' + d); return d * 2; }"], CliRunner.Lines(Enumerable.Range(0, 10)));

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal([0, 2, 4, 6, 10, 12, 14, 16, 18], result.Lines.Select(int.Parse).Order());
        Assert.Contains("\"message\":\"oops, it is 4\"", result.Error);
        Assert.Contains("9 done, 1 failed, 10 total", result.Error);
    }

    [Fact]
    public async Task Jobs_outlive_the_command_that_created_them()
    {
        var created = await CliRunner.RunAsync(["--db", Database, "create", "--dotnet", "double"], embeddedSilo: CliFixture.AddHandlers);
        Assert.True(created.ExitCode == 0, created.ToString());
        var id = Assert.Single(created.Lines);
        var submitted = await CliRunner.RunAsync(["--db", Database, "submit", id], "1\n2\n3\n", embeddedSilo: CliFixture.AddHandlers);
        Assert.True(submitted.ExitCode == 0, submitted.ToString());

        // A later command's silo runs the tasks left in the file; the live stream sees them.
        using var cancel = new CancellationTokenSource();
        var output = new CapturedWriter();
        var streaming = CliRunner.RunAsync(["--db", Database, "results", id, "--stream"], "", output, new CapturedWriter(), embeddedSilo: CliFixture.AddHandlers, cancellationToken: cancel.Token);
        await RunCommandTests.Until(() => output.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries).Length == 3);
        cancel.Cancel();
        Assert.Equal(0, await streaming.WaitAsync(TimeSpan.FromSeconds(20)));
        Assert.Equal([2, 4, 6], output.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(int.Parse).Order());

        var list = await CliRunner.RunAsync(["--db", Database, "list"]);
        Assert.Contains(id, Assert.Single(list.Lines));
        var deleted = await CliRunner.RunAsync(["--db", Database, "delete", "--all"]);
        Assert.Contains("deleted 1 jobs", deleted.Error);
    }

    [Fact]
    public async Task A_database_in_a_missing_folder_is_a_clear_error_and_exit_1()
    {
        var result = await CliRunner.RunAsync(["--db", Path.Combine(_folder, "missing", "jobrt.db"), "list"]);

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("does not exist", result.Error);
    }

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(_folder, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
