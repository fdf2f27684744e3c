using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using JobRuntime.Silo.Tests;
using static JobRuntime.Security.Tests.EndpointTable;

namespace JobRuntime.Security.Tests;

/// <summary>
/// The authorization matrix: every endpoint the silo maps is in <see cref="EndpointTable"/>, and
/// each one, called without credentials, with wrong ones, with another user's, or with a platform
/// job token of another job, answers 401, 403 or 404 (or the caller's own data) and never alice's.
/// </summary>
public sealed class AuthorizationMatrixTests(MatrixSilo silo) : IClassFixture<MatrixSilo>
{
    [Fact]
    public async Task Every_endpoint_the_silo_maps_is_in_the_table_and_every_row_of_the_table_is_mapped()
    {
        var (exitCode, output) = await SiloProcess.RunToExitAsync(silo.Directory, "--JobRuntime:ListEndpoints", "true",
            "--JobRuntime:Sqlite:DataSource", Path.Combine(silo.Directory, "listing.db"));
        Assert.Equal(0, exitCode);
        var mapped = output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Where(l => l.StartsWith('{'))
            .Select(l => JsonDocument.Parse(l).RootElement)
            .Select(e => $"{e.GetProperty("method").GetString()} {e.GetProperty("route").GetString()}")
            .ToHashSet();
        var table = Rows.Select(r => r.ToString()).ToHashSet();

        Assert.True(mapped.Count > 100, output);
        Assert.Empty(mapped.Except(table)); // mapped but not in the table: add it, with who may call it
        Assert.Empty(table.Except(mapped)); // in the table but no longer mapped
    }

    [Fact]
    public async Task Without_credentials_every_endpoint_but_the_public_ones_answers_401()
    {
        var failures = new List<string>();
        foreach (var row in Rows.Where(r => r.Door != Door.Public))
        {
            using var response = await SendAsync(row, null);
            Expect(failures, row, "no credentials", response, HttpStatusCode.Unauthorized);
        }
        Assert.True(failures.Count == 0, string.Join("\n", failures));
    }

    [Fact]
    public async Task With_a_wrong_password_token_or_api_key_every_endpoint_but_the_public_ones_answers_401()
    {
        var failures = new List<string>();
        foreach (var row in Rows.Where(r => r.Door != Door.Public))
        {
            AuthenticationHeaderValue[] wrong = IsPlatform(row)
                ? [MatrixSilo.Basic("wrong-key-0123456789", ""), MatrixSilo.Basic($"1/{silo.First.Spider}/{silo.First.Job}", "not-its-token")]
                : [MatrixSilo.Basic("alice", "wrong-pw"), MatrixSilo.Basic("mallory", "alice-pw"), new AuthenticationHeaderValue("Token", "not-a-token")];
            foreach (var credentials in wrong)
            {
                using var response = await SendAsync(row, credentials);
                Expect(failures, row, $"{credentials.Scheme} {credentials.Parameter}", response, HttpStatusCode.Unauthorized);
            }
        }
        Assert.True(failures.Count == 0, string.Join("\n", failures));
    }

    [Fact]
    public async Task With_another_users_credentials_no_endpoint_answers_with_alices_data_and_hers_stays_intact()
    {
        var failures = new List<string>();
        foreach (var row in Rows.Where(r => r.Door is not Door.Public))
        {
            var bob = IsPlatform(row) ? MatrixSilo.Basic(MatrixSilo.BobKey, "") : MatrixSilo.Basic("bob", "bob-pw");
            HttpResponseMessage response;
            try
            {
                response = await SendAsync(row, bob);
            }
            catch (TaskCanceledException)
            {
                failures.Add($"{row}: bob got no response headers within the client's timeout");
                continue;
            }
            using var _ = response;
            var body = await MatrixSilo.ReadSomeAsync(response);
            var status = (int)response.StatusCode;
            if (body.Contains(MatrixSilo.Secret, StringComparison.Ordinal))
            {
                failures.Add($"{row}: bob got alice's data ({status}): {Cut(body)}");
            }
            else if (status >= 500)
            {
                failures.Add($"{row}: bob got {status}: {Cut(body)}");
            }
            else if (row.Door is Door.Admin or Door.PlatformAdmin && status != 403)
            {
                failures.Add($"{row}: bob, no administrator, got {status} instead of 403");
            }
        }
        Assert.True(failures.Count == 0, string.Join("\n", failures));

        using var job = await silo.SendAsync(HttpMethod.Get, $"/jobs/{silo.Job}", MatrixSilo.Basic("alice", "alice-pw"));
        Assert.Equal(HttpStatusCode.OK, job.StatusCode);
        using var items = await silo.SendAsync(HttpMethod.Get, $"/storage/items/1/{silo.First.Spider}/{silo.First.Job}", MatrixSilo.Basic(MatrixSilo.AliceKey, ""));
        Assert.Contains(MatrixSilo.Secret, await items.Content.ReadAsStringAsync());
        using var queue = await silo.SendAsync(HttpMethod.Get, "/queues/matrix-queue/messages", MatrixSilo.Basic("alice", "alice-pw"));
        Assert.Contains(MatrixSilo.Secret, await queue.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task The_administrators_pages_open_to_an_administrator_and_answer_403_to_a_user()
    {
        using var root = await silo.SendAsync(HttpMethod.Get, "/dashboard/DashboardCounters", MatrixSilo.Basic("root", "root-pw"));
        using var alice = await silo.SendAsync(HttpMethod.Get, "/dashboard/DashboardCounters", MatrixSilo.Basic("alice", "alice-pw"));

        Assert.Equal(HttpStatusCode.OK, root.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, alice.StatusCode);
        Assert.Contains("\"message\"", await alice.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task A_platform_job_token_opens_no_other_jobs_data()
    {
        var failures = new List<string>();
        // The token of alice's first job, presented with the key of her second: not a valid pair.
        var mismatched = MatrixSilo.Basic($"1/{silo.Second.Spider}/{silo.Second.Job}", silo.First.Token);
        foreach (var row in Rows.Where(IsPlatform))
        {
            using var response = await SendAsync(row, mismatched);
            Expect(failures, row, "another job's token", response, HttpStatusCode.Unauthorized);
        }
        // The second job's own token, on the routes that name the first job.
        var second = MatrixSilo.Basic($"1/{silo.Second.Spider}/{silo.Second.Job}", silo.Second.Token);
        foreach (var row in Rows.Where(r => IsPlatform(r) && r.Path.Contains("{j}", StringComparison.Ordinal)))
        {
            using var response = await SendAsync(row, second);
            var body = await MatrixSilo.ReadSomeAsync(response);
            if (response.StatusCode is not (HttpStatusCode.Forbidden or HttpStatusCode.NotFound) || body.Contains(MatrixSilo.Secret, StringComparison.Ordinal))
            {
                failures.Add($"{row}: the second job's token got {(int)response.StatusCode} on the first job: {Cut(body)}");
            }
        }
        Assert.True(failures.Count == 0, string.Join("\n", failures));
    }

    [Fact]
    public async Task A_platform_job_token_is_forbidden_every_platform_route_that_names_no_job_but_what_its_projects_jobs_share()
    {
        var failures = new List<string>();
        var own = MatrixSilo.Basic($"1/{silo.First.Spider}/{silo.First.Job}", silo.First.Token);
        foreach (var row in Rows.Where(r => r.Door is Door.Project or Door.PlatformAdmin && !r.Path.Contains("{j}", StringComparison.Ordinal)))
        {
            using var response = await SendAsync(row, own);
            Expect(failures, row, "the job's own token", response, HttpStatusCode.Forbidden);
        }
        Assert.True(failures.Count == 0, string.Join("\n", failures));
    }

    [Fact]
    public async Task A_platform_job_token_is_forbidden_every_api_but_the_platforms()
    {
        var failures = new List<string>();
        var own = MatrixSilo.Basic($"1/{silo.First.Spider}/{silo.First.Job}", silo.First.Token);
        foreach (var row in Rows.Where(r => r.Door is Door.Owner or Door.AnyUser or Door.Admin))
        {
            using var response = await SendAsync(row, own);
            Expect(failures, row, "a job's token", response, HttpStatusCode.Forbidden);
        }
        Assert.True(failures.Count == 0, string.Join("\n", failures));
    }

    private static bool IsPlatform(Row row) => row.Door is Door.Project or Door.ProjectShared or Door.PlatformAdmin;

    private Task<HttpResponseMessage> SendAsync(Row row, AuthenticationHeaderValue? credentials)
    {
        var path = row.Path
            .Replace("{job}", silo.Job, StringComparison.Ordinal)
            .Replace("{queue}", "matrix-queue", StringComparison.Ordinal)
            .Replace("{ns}", "matrix", StringComparison.Ordinal)
            .Replace("{s}", silo.First.Spider, StringComparison.Ordinal)
            .Replace("{j}", silo.First.Job, StringComparison.Ordinal);
        var method = row.Method == "*" ? "GET" : row.Method;
        HttpContent? content = method is "GET" or "DELETE" ? null
            : path.StartsWith("/api/", StringComparison.Ordinal) && path.EndsWith(".json", StringComparison.Ordinal)
                ? new FormUrlEncodedContent(new Dictionary<string, string> { ["project"] = "1", ["spider"] = "matrix-spider", ["job"] = $"1/{silo.First.Spider}/{silo.First.Job}", ["add_tag"] = "x" })
                : MatrixSilo.Lines("{}");
        return silo.SendAsync(new HttpMethod(method), path, credentials, content);
    }

    private static void Expect(List<string> failures, Row row, string attempt, HttpResponseMessage response, HttpStatusCode expected)
    {
        if (response.StatusCode != expected)
        {
            failures.Add($"{row} with {attempt}: {(int)response.StatusCode} instead of {(int)expected}");
        }
    }

    private static string Cut(string text) => text.Length > 300 ? text[..300] + "..." : text;
}
