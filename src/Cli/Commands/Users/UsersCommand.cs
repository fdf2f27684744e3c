using System.CommandLine;
using System.Text.Json;

namespace JobRuntime.Cli.Commands.Users;

/// <summary>
/// <c>jobrt users list|add|remove|passwd|set|key add|key revoke|hash</c>: the silo's user admin API
/// (<c>/users</c>, administrators only) over HTTP, as the platform commands reach theirs. Passwords
/// are read from standard input (one line), never from the command line; output is JSON lines.
/// </summary>
internal static class UsersCommand
{
    public static Command Create(CommandRunner runner)
    {
        var connection = new UsersConnection();
        var command = new Command("users", "Manage the silo's users (an administrator's --credentials or --token): passwords, API keys, administrators, platform projects.");
        connection.AddTo(command);
        var name = new Argument<string>("name") { Description = "The user's name." };

        var list = new Command("list", "Print every user as a JSON line (never a secret).");
        list.SetAction((parse, ct) => Run(runner, connection, parse, ct, async http =>
        {
            var users = await UsersConnection.SendAsync(http, HttpMethod.Get, "users/", null, ct);
            if (users is { ValueKind: JsonValueKind.Array } array)
            {
                foreach (var user in array.EnumerateArray())
                {
                    runner.Environment.Out.WriteLine(user.GetRawText());
                }
            }
        }));

        var passwordStdin = new Option<bool>("--password-stdin") { Description = "Read the user's password from the first line of standard input." };
        var admin = new Option<bool>("--admin") { Description = "Make the user an administrator." };
        var project = new Option<long[]>("--project") { Description = "A platform project the user sees (repeatable).", AllowMultipleArgumentsPerToken = false };
        var add = new Command("add", "Add a user; prints it.") { name, passwordStdin, admin, project };
        add.SetAction((parse, ct) => Run(runner, connection, parse, ct, async http =>
        {
            var password = parse.GetValue(passwordStdin) ? await ReadPasswordAsync(runner, ct) : null;
            var user = await UsersConnection.SendAsync(http, HttpMethod.Post, "users/",
                new { name = parse.GetValue(name), password, admin = parse.GetValue(admin), projects = parse.GetValue(project) ?? [] }, ct);
            runner.Environment.Out.WriteLine(user?.GetRawText());
        }));

        var remove = new Command("remove", "Remove a user: their password and keys stop working at once.") { name };
        remove.SetAction((parse, ct) => Run(runner, connection, parse, ct, http =>
            UsersConnection.SendAsync(http, HttpMethod.Delete, $"users/{Escape(parse.GetValue(name))}", null, ct)));

        var passwd = new Command("passwd", "Set a user's password, read from the first line of standard input.") { name };
        passwd.SetAction((parse, ct) => Run(runner, connection, parse, ct, async http =>
            await UsersConnection.SendAsync(http, HttpMethod.Put, $"users/{Escape(parse.GetValue(name))}/password", new { password = await ReadPasswordAsync(runner, ct) }, ct)));

        var setAdmin = new Option<bool?>("--admin") { Description = "true or false: whether the user is an administrator." };
        var setProject = new Option<long[]?>("--project") { Description = "The platform projects the user sees (repeatable; replaces the list).", AllowMultipleArgumentsPerToken = false };
        var set = new Command("set", "Set whether a user is an administrator and their platform projects; prints the user.") { name, setAdmin, setProject };
        set.SetAction((parse, ct) => Run(runner, connection, parse, ct, async http =>
        {
            var user = await UsersConnection.SendAsync(http, HttpMethod.Patch, $"users/{Escape(parse.GetValue(name))}",
                new { admin = parse.GetValue(setAdmin), projects = parse.GetValue(setProject) }, ct);
            runner.Environment.Out.WriteLine(user?.GetRawText());
        }));

        var key = new Command("key", "Issue or revoke a user's API keys.");
        var keyAdd = new Command("add", "Issue an API key; prints {\"user\", \"id\", \"key\"}: the key is shown this once.") { name };
        keyAdd.SetAction((parse, ct) => Run(runner, connection, parse, ct, async http =>
            runner.Environment.Out.WriteLine((await UsersConnection.SendAsync(http, HttpMethod.Post, $"users/{Escape(parse.GetValue(name))}/keys", null, ct))?.GetRawText())));
        var id = new Argument<string>("id") { Description = "The key's id (jobrt users list shows them)." };
        var keyRevoke = new Command("revoke", "Revoke an API key: it is refused at once.") { name, id };
        keyRevoke.SetAction((parse, ct) => Run(runner, connection, parse, ct, http =>
            UsersConnection.SendAsync(http, HttpMethod.Delete, $"users/{Escape(parse.GetValue(name))}/keys/{Escape(parse.GetValue(id))}", null, ct)));
        key.Add(keyAdd);
        key.Add(keyRevoke);

        var hash = new Command("hash", "Print the PBKDF2 hash of a password read from standard input, for JobRuntime:Users:n:PasswordHash (no silo needed).");
        hash.SetAction((parse, ct) => runner.RunAsync(ct, async () =>
        {
            runner.Environment.Out.WriteLine(PasswordHasher.Hash(await ReadPasswordAsync(runner, ct)));
            return ExitCodes.Success;
        }));

        command.Add(list);
        command.Add(add);
        command.Add(remove);
        command.Add(passwd);
        command.Add(set);
        command.Add(key);
        command.Add(hash);
        return command;
    }

    private static string Escape(string? value) => Uri.EscapeDataString(value ?? "");

    private static async Task<string> ReadPasswordAsync(CommandRunner runner, CancellationToken cancellationToken) =>
        await runner.Environment.In.ReadLineAsync(cancellationToken) is { Length: > 0 } line
            ? line
            : throw new CliException("expected the password on the first line of standard input.", ExitCodes.Usage);

    private static Task<int> Run(CommandRunner runner, UsersConnection connection, ParseResult parse, CancellationToken cancellationToken, Func<HttpClient, Task> body) =>
        runner.RunAsync(cancellationToken, async () =>
        {
            using var http = connection.Open(parse, runner.Environment);
            await body(http);
            return ExitCodes.Success;
        });
}
