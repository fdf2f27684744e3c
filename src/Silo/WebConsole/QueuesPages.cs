using System.Globalization;
using System.Text;
using JobRuntime.Queues;
using JobRuntime.Silo.Apis;
using static JobRuntime.Silo.WebConsole.ConsolePage;

namespace JobRuntime.Silo.WebConsole;

/// <summary>The HTML of the queues area: the list of queues and a queue's page.</summary>
internal static class QueuesPages
{
    public static string List(IReadOnlyList<QueueSummary> queues)
    {
        var rows = new StringBuilder();
        foreach (var queue in queues)
        {
            rows.Append(Row(queue));
        }
        return $$"""
            <h1>Queues</h1>
            <p class="meta">The work queues in this silo's file. <em>Leased</em>: messages received by workers and not yet deleted (the work in progress); <em>Dead letters</em>: tasks that failed with no retry left, in <code>&lt;name&gt;-failed</code>.</p>
            <table id="queues" class="jobs">
            <thead><tr><th>Queue</th><th>Size</th><th>Leased (workers)</th><th>Dead letters</th></tr></thead>
            <tbody>{{rows}}</tbody>
            </table>
            <p class="empty" id="no-queues"{{(queues.Count == 0 ? "" : " hidden")}}>No queue holds messages: push some with <code>POST /queues/{name}/messages</code> or <code>jobrt queue push</code>.</p>
            """;
    }

    // The same markup as the row the page's script renders for a live update.
    private static string Row(QueueSummary queue) => string.Create(CultureInfo.InvariantCulture, $"""
        <tr data-queue="{E(queue.Name)}"><td><a href="/console/queues/{E(queue.Name)}">{E(queue.Name)}</a></td><td data-field="size">{queue.Size:N0}</td><td data-field="leased">{queue.Leased:N0}</td><td data-field="failedSize">{queue.FailedSize:N0}</td></tr>
        """);

    public static string Queue(QueueSummary queue, IReadOnlyList<QueueMessage> next, IReadOnlyList<QueueMessage> failed, int? retried)
    {
        var notice = retried is { } count
            ? string.Create(CultureInfo.InvariantCulture, $"""<p class="message ok" id="retry-message">Retried {count} dead letter{(count == 1 ? "" : "s")}.</p>""")
            : """<p class="message" id="retry-message"></p>""";
        return string.Create(CultureInfo.InvariantCulture, $$"""
            <div id="queue" data-queue="{{E(queue.Name)}}">
            <h1>Queue <code>{{E(queue.Name)}}</code></h1>
            <section class="counters">
            <div><span class="label">Size</span><strong id="size">{{queue.Size:N0}}</strong></div>
            <div><span class="label">Leased (workers)</span><strong id="leased">{{queue.Leased:N0}}</strong></div>
            <div><span class="label">Dead letters</span><strong id="failedSize">{{queue.FailedSize:N0}}</strong></div>
            </section>
            <section class="panels">
            <div class="panel"><h2>Next messages <small>(visible, first first)</small></h2><ol id="messages" class="tail">{{Items(next)}}</ol></div>
            <div class="panel"><h2>Dead letters <small>(in {{E(QueueName.Failed(queue.Name))}})</small></h2><ol id="dead-letters" class="tail">{{Items(failed)}}</ol>
            <p><button type="button" id="retry-failed"{{(failed.Count == 0 ? " disabled" : "")}}>Retry dead letters</button></p>
            {{notice}}
            </div>
            </section>
            <p><a href="/console/queues">Back to queues</a></p>
            </div>
            """);
    }

    private static string Items(IReadOnlyList<QueueMessage> messages)
    {
        var items = new StringBuilder();
        foreach (var message in messages)
        {
            var kwargs = message.Kwargs.GetRawText();
            items.Append(CultureInfo.InvariantCulture, $"""<li><span class="index">{E(message.Id[..Math.Min(8, message.Id.Length)])}</span> <code>{E(kwargs.Length > 200 ? kwargs[..200] + "…" : kwargs)}</code> <span class="index">retries left {message.NumRetries}</span>{(message.Error is { } error ? $" <span class=\"type\">error</span> {E(error)}" : "")}</li>""");
        }
        return items.ToString();
    }
}
