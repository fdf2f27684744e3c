using System.Net.ServerSentEvents;
using System.Runtime.CompilerServices;
using System.Security.Claims;
using JobRuntime.Queues;
using JobRuntime.Queues.Drivers;
using JobRuntime.Silo.Apis;
using JobRuntime.Sqlite.Queues;

namespace JobRuntime.Silo.WebConsole;

/// <summary>
/// The queues area of the console: the user's work queues (<see cref="QueuesApiNamespaces"/>) with their sizes, the messages leased
/// by workers and their dead letters, kept live by a server-sent event stream that reads the
/// queues' table (queues have no stream of their own); a queue's page shows its next messages and
/// dead letters and retries them through the queues API.
/// </summary>
internal static class QueuesConsole
{
    private static readonly TimeSpan Refresh = TimeSpan.FromSeconds(1);

    /// <summary>How many messages and dead letters a queue's page shows.</summary>
    public const int Shown = WorkQueue.MaxBatch;

    public static void MapQueuesConsole(this RouteGroupBuilder console)
    {
        console.MapGet("/console/queues", ListPage);
        console.MapGet("/console/queues/{name}", QueuePage);
        console.MapGet("/console/events/queues", (SqliteQueueCatalog catalog, TimeProvider time, HttpContext context) =>
            TypedResults.ServerSentEvents(ReadAsync(catalog, QueuesApiNamespaces.Visible(context, null), time, context.RequestAborted)));
    }

    private static async Task<IResult> ListPage(HttpContext http, ClaimsPrincipal user, SqliteQueueCatalog catalog)
    {
        var queues = QueueSummary.From(await catalog.QueueListAsync(), QueuesApiNamespaces.Visible(http, null));
        return ConsolePage.Render("Queues", ConsoleAreas.Queues, ConsoleEndpoints.User(user), QueuesPages.List(queues), "queues.js");
    }

    private static async Task<IResult> QueuePage(string name, int? retried, HttpContext http, ClaimsPrincipal user, IGrainFactory grains, SqliteQueueCatalog catalog)
    {
        var owner = ConsoleEndpoints.User(user);
        WorkQueue queue;
        try
        {
            queue = new WorkQueue(new GrainQueueDriver(grains), QueuesApiNamespaces.Resolve(http, name, null));
        }
        catch (InvalidQueueNameException e)
        {
            return ConsolePage.NotFound(ConsoleAreas.Queues, owner, e.Message);
        }
        var summary = QueueSummary.From(await catalog.QueueListAsync(), QueuesApiNamespaces.Visible(http, null)).FirstOrDefault(q => q.Name == name) ?? new QueueSummary(name, 0, 0, 0);
        var next = await queue.PeekAsync(Shown);
        var failed = await queue.Failed.PeekAsync(Shown);
        return ConsolePage.Render($"Queue {name}", ConsoleAreas.Queues, owner, QueuesPages.Queue(summary, next, failed, retried), "queues.js");
    }

    // A "queues" event with every queue's counts when they change, and at least every few seconds.
    private static async IAsyncEnumerable<SseItem<string>> ReadAsync(SqliteQueueCatalog catalog, Func<string, string?> visible, TimeProvider time, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        string? last = null;
        var sentAt = long.MinValue;
        while (!cancellationToken.IsCancellationRequested)
        {
            var queues = QueueSummary.From(await catalog.QueueListAsync(cancellationToken), visible);
            var text = System.Text.Json.JsonSerializer.Serialize(queues, System.Text.Json.JsonSerializerOptions.Web);
            if (text != last || sentAt == long.MinValue || time.GetElapsedTime(sentAt) >= TimeSpan.FromSeconds(5))
            {
                last = text;
                sentAt = time.GetTimestamp();
                yield return new SseItem<string>(text, "queues");
            }
            if (!await JobEventsFeed.DelayAsync(Refresh, time, cancellationToken))
            {
                yield break;
            }
        }
    }
}
