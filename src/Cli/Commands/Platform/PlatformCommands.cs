using System.CommandLine;
using System.Globalization;
using System.Text.Json.Nodes;
using JobRuntime.Client.Platform;

namespace JobRuntime.Cli.Commands.Platform;

/// <summary>
/// The crawling platform's commands, in the manner of Scrapinghub's <c>shub</c>: <c>projects</c>,
/// <c>spiders</c>, <c>schedule</c>, <c>jobs</c>, <c>items</c>, <c>log</c> (<c>-f</c> follows),
/// <c>requests</c> and <c>collections</c>. They speak the silo's HTTP API; output is JSON lines.
/// </summary>
internal static class PlatformCommands
{
    public static IEnumerable<Command> Create(CommandRunner runner)
    {
        var connection = new PlatformConnection();
        var project = new Argument<long>("project") { Description = "The numeric project id." };
        var jobKey = new Argument<string>("job") { Description = "The job key, project/spider/job." };

        var projects = new Command("projects", "List the projects the API key sees.");
        projects.SetAction((parse, ct) => Run(runner, connection, parse, ct, async client =>
        {
            foreach (var id in await client.ListProjectsAsync(ct))
            {
                runner.Environment.Out.WriteLine(id.ToString(CultureInfo.InvariantCulture));
            }
        }));

        var spiders = new Command("spiders", "List a project's spiders.") { project };
        spiders.SetAction((parse, ct) => Run(runner, connection, parse, ct, async client =>
        {
            foreach (var (name, tags) in await client.GetProject(parse.GetValue(project)).ListSpidersAsync(ct))
            {
                runner.Environment.Out.WriteLine(new JsonObject { ["name"] = name, ["tags"] = new JsonArray([.. tags.Select(t => (JsonNode)t)]) }.ToJsonString());
            }
        }));

        var spider = new Argument<string>("spider") { Description = "The spider's name." };
        var argument = new Option<string[]>("--argument", "-a") { Description = "A spider argument, name=value (repeatable).", AllowMultipleArgumentsPerToken = false };
        var tag = new Option<string[]>("--tag") { Description = "A tag for the job (repeatable)." };
        var priority = new Option<int?>("--priority", "-p") { Description = "0 (lowest) to 4 (highest). Default: 2." };
        var units = new Option<int?>("--units", "-u") { Description = "Capacity units. Default: 1." };
        var schedule = new Command("schedule", "Schedule a run of a spider; prints the job key.") { project, spider, argument, tag, priority, units };
        schedule.SetAction((parse, ct) => Run(runner, connection, parse, ct, async client =>
        {
            var arguments = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var pair in parse.GetValue(argument) ?? [])
            {
                var equals = pair.IndexOf('=', StringComparison.Ordinal);
                if (equals <= 0)
                {
                    throw new CliException($"-a '{pair}' must be name=value.", ExitCodes.Usage);
                }
                arguments[pair[..equals]] = pair[(equals + 1)..];
            }
            var job = await client.GetProject(parse.GetValue(project)).Jobs.RunAsync(parse.GetValue(spider)!, arguments,
                parse.GetValue(tag), parse.GetValue(priority), parse.GetValue(units), cancellationToken: ct);
            runner.Environment.Out.WriteLine(job.Key);
        }));

        var state = new Option<string[]>("--state", "-s") { Description = "Only jobs in this state (repeatable). Default: finished." };
        var spiderFilter = new Option<string?>("--spider") { Description = "Only this spider's jobs." };
        var jobs = new Command("jobs", "List a project's jobs, newest first.") { project, state, spiderFilter };
        jobs.SetAction((parse, ct) => Run(runner, connection, parse, ct, async client =>
        {
            await foreach (var summary in client.GetProject(parse.GetValue(project)).Jobs.ListAsync(parse.GetValue(spiderFilter), parse.GetValue(state), cancellationToken: ct))
            {
                runner.Environment.Out.WriteLine(summary.ToJsonString());
            }
        }));

        var follow = new Option<bool>("--follow", "-f") { Description = "Keep printing new records until the job finishes." };
        Command Data(string name, string description, Func<PlatformJob, PlatformJobData> select)
        {
            var command = new Command(name, description) { jobKey, follow };
            command.SetAction((parse, ct) => Run(runner, connection, parse, ct, async client =>
            {
                var key = parse.GetValue(jobKey)!;
                var project = long.TryParse(key.Split('/')[0], CultureInfo.InvariantCulture, out var p) ? p : throw new CliException($"'{key}' is not a job key.", ExitCodes.Usage);
                var job = client.GetProject(project).Jobs.GetJob(key);
                var printed = 0;
                while (true)
                {
                    var finished = !parse.GetValue(follow) || (await job.GetMetadataAsync(ct))["state"]?.ToString() is "finished" or "deleted";
                    var index = 0;
                    await foreach (var record in select(job).IterAsync(cancellationToken: ct))
                    {
                        if (index++ >= printed)
                        {
                            runner.Environment.Out.WriteLine(record.ToJsonString());
                            printed++;
                        }
                    }
                    runner.Environment.Out.Flush();
                    if (finished)
                    {
                        return;
                    }
                    await Task.Delay(TimeSpan.FromSeconds(1), ct);
                }
            }));
            return command;
        }

        var name = new Argument<string>("name") { Description = "The collection's name." };
        var get = new Option<string?>("--get") { Description = "Print only this key's value." };
        var versions = new Option<bool>("--versions") { Description = "With --get: print every value the key keeps, newest first, each with its _ts (up to 3 in a versioned collection)." };
        var type = new Option<string>("--type") { Description = "The collection's type: s (store), cs (cached), vs (versioned) or vcs (versioned cached). Default: s.", DefaultValueFactory = _ => "s" };
        type.AcceptOnlyFromAmong("s", "cs", "vs", "vcs");
        var collections = new Command("collections", "Print a collection's records, or one key's value with --get (all its versions with --versions).") { project, name, get, versions, type };
        collections.SetAction((parse, ct) => Run(runner, connection, parse, ct, async client =>
        {
            var collection = client.GetProject(parse.GetValue(project)).GetCollection(parse.GetValue(name)!, parse.GetValue(type)!);
            if (parse.GetValue(get) is { } key)
            {
                var values = parse.GetValue(versions) ? await collection.GetVersionsAsync(key, ct) : [await collection.GetAsync(key, ct)];
                foreach (var value in values)
                {
                    runner.Environment.Out.WriteLine(value.ToJsonString());
                }
                return;
            }
            if (parse.GetValue(versions))
            {
                throw new CliException("--versions needs --get <key>.", ExitCodes.Usage);
            }
            await foreach (var record in collection.IterAsync(cancellationToken: ct))
            {
                runner.Environment.Out.WriteLine(record.ToJsonString());
            }
        }));

        Command[] all =
        [
            projects, spiders, schedule, jobs,
            Data("items", "Print a job's items as JSON lines.", j => j.Items),
            Data("log", "Print a job's log records as JSON lines (-f follows until the job finishes).", j => j.Logs),
            Data("requests", "Print a job's requests as JSON lines.", j => j.Requests),
            collections,
            PlatformAdminCommands.Create(runner, connection),
        ];
        foreach (var command in all)
        {
            connection.AddTo(command);
        }
        return all;
    }

    private static Task<int> Run(CommandRunner runner, PlatformConnection connection, ParseResult parse, CancellationToken cancellationToken, Func<PlatformClient, Task> body) =>
        runner.RunAsync(cancellationToken, async () =>
        {
            using var client = connection.Open(parse, runner.Environment);
            try
            {
                await body(client);
            }
            catch (Exception e) when (e is PlatformApiException or HttpRequestException)
            {
                throw new CliException(e.Message);
            }
            return ExitCodes.Success;
        });
}
