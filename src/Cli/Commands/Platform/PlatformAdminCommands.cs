using System.CommandLine;
using JobRuntime.Client.Platform;

namespace JobRuntime.Cli.Commands.Platform;

/// <summary>
/// <c>jobrt admin</c>: the platform admin API's deletes, for an administrator's key:
/// <c>delete-user</c>, <c>delete-spider</c> (with its jobs and their data) and <c>delete-project</c>.
/// Each prints the silo's answer as one JSON line.
/// </summary>
internal static class PlatformAdminCommands
{
    public static Command Create(CommandRunner runner, PlatformConnection connection)
    {
        var project = new Argument<long>("project") { Description = "The numeric project id." };
        var user = new Argument<string>("name") { Description = "The user's name (one added by the admin API)." };
        var spider = new Argument<string>("spider") { Description = "The spider's name." };

        var deleteUser = new Command("delete-user", "Delete a user added by the admin API: its key stops working at once.") { user };
        deleteUser.SetAction((parse, ct) => Run(runner, connection, parse, ct, (admin, c) => admin.DeleteUserAsync(parse.GetValue(user)!, c)));

        var deleteSpider = new Command("delete-spider", "Delete a spider with its jobs and their data (refused while it has pending or running jobs).") { project, spider };
        deleteSpider.SetAction((parse, ct) => Run(runner, connection, parse, ct, (admin, c) => admin.DeleteSpiderAsync(parse.GetValue(project), parse.GetValue(spider)!, c)));

        var deleteProject = new Command("delete-project", "Delete a project and everything in it (refused while it has pending or running jobs).") { project };
        deleteProject.SetAction((parse, ct) => Run(runner, connection, parse, ct, (admin, c) => admin.DeleteProjectAsync(parse.GetValue(project), c)));

        // The connection's options are recursive: the caller adds them to this command, and so to its subcommands.
        return new Command("admin", "The crawling platform's admin deletes (needs an administrator's API key).") { deleteUser, deleteSpider, deleteProject };
    }

    private static Task<int> Run(CommandRunner runner, PlatformConnection connection, ParseResult parse, CancellationToken cancellationToken,
        Func<PlatformAdmin, CancellationToken, Task<System.Text.Json.Nodes.JsonObject>> delete) =>
        runner.RunAsync(cancellationToken, async () =>
        {
            using var client = connection.Open(parse, runner.Environment);
            try
            {
                runner.Environment.Out.WriteLine((await delete(client.Admin, cancellationToken)).ToJsonString());
            }
            catch (Exception e) when (e is PlatformApiException or HttpRequestException)
            {
                throw new CliException(e.Message);
            }
            return ExitCodes.Success;
        });
}
