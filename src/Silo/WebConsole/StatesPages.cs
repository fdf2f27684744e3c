using System.Globalization;
using System.Text;
using JobRuntime.GrainInterfaces.State;
using static JobRuntime.Silo.WebConsole.ConsolePage;

namespace JobRuntime.Silo.WebConsole;

/// <summary>The HTML of the states area: the form that opens a state, and a state's page.</summary>
internal static class StatesPages
{
    public static string Open() => """
        <h1>States</h1>
        <p class="meta">A state is a dictionary of JSON values per namespace (zproc's state), shared by every process that opens it.</p>
        <form id="open-state" class="panel" method="get" action="/console/states">
        <label>Namespace <input name="namespace" required placeholder="cookies"></label>
        <button type="submit">Open</button>
        </form>
        """;

    public static string State(string @namespace, StateSnapshot snapshot, int waiters)
    {
        var rows = new StringBuilder();
        foreach (var (key, value) in snapshot.Values.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            rows.Append(CultureInfo.InvariantCulture, $"""<tr data-key="{E(key)}"><td><code>{E(key)}</code></td><td><code data-field="value">{E(value.GetRawText())}</code></td><td><button type="button" class="danger small" data-remove="{E(key)}">Remove</button></td></tr>""");
        }
        return string.Create(CultureInfo.InvariantCulture, $$"""
            <div id="state" data-namespace="{{E(@namespace)}}">
            <h1>State <code>{{E(@namespace)}}</code></h1>
            <section class="counters">
            <div><span class="label">Version</span><strong id="version">{{snapshot.Version:N0}}</strong></div>
            <div><span class="label">Keys</span><strong id="keys">{{snapshot.Values.Count:N0}}</strong></div>
            <div><span class="label">Waiters</span><strong id="waiters">{{waiters:N0}}</strong></div>
            </section>
            <section class="panels">
            <div class="panel"><h2>Values <small>(live)</small></h2>
            <table id="values" class="jobs"><thead><tr><th>Key</th><th>Value</th><th></th></tr></thead><tbody>{{rows}}</tbody></table>
            </div>
            <form id="set-key" class="panel">
            <h2>Set a key</h2>
            <label>Key <input name="key" required></label>
            <label>Value (JSON) <textarea name="value" rows="3" spellcheck="false">true</textarea></label>
            <button type="submit">Set</button>
            <p class="message" role="alert" id="set-message"></p>
            </form>
            </section>
            <div class="panel"><h2>Updates <small>(newest first)</small></h2><ol id="updates" class="tail"></ol></div>
            <p><a href="/console/states">Open another state</a></p>
            </div>
            """);
    }
}
