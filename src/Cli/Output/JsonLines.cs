using System.Buffers;
using System.Text;
using System.Text.Json;
using JobRuntime.GrainInterfaces;

namespace JobRuntime.Cli.Output;

/// <summary>The CLI's JSON: results as they are, errors as CrowdProcess writes them plus the task's index, jobs with CrowdProcess's fields.</summary>
internal static class JsonLines
{
    /// <summary>A result as one line.</summary>
    public static string Result(JsonElement value)
    {
        var raw = value.GetRawText();
        // Results come compact from executors; anything else is re-written so one result stays one line.
        return raw.Contains('\n') ? Write(w => value.WriteTo(w)) : raw;
    }

    /// <summary>An error line: <c>{"index", "message", "name", "stack", "type"}</c>.</summary>
    public static string Error(long index, TaskError error) => Write(w =>
    {
        w.WriteStartObject();
        w.WriteNumber("index", index);
        w.WriteString("message", error.Message);
        w.WriteString("name", error.Name);
        w.WriteString("stack", error.Stack);
        w.WriteString("type", error.Type);
        w.WriteEndObject();
    });

    /// <summary>A job: CrowdProcess's fields (id, status, bid, browserHours, created, modified, lastResult, finished, failed, total) plus kind and owner.</summary>
    public static string Job(JobInfo job, bool indented = false) => Write(w =>
    {
        w.WriteStartObject();
        w.WriteString("id", job.Id);
        w.WriteString("status", job.Status);
        w.WriteNumber("bid", job.Bid);
        w.WriteNumber("browserHours", job.BrowserHours);
        w.WriteString("created", job.Created.UtcDateTime);
        w.WriteString("modified", job.Modified.UtcDateTime);
        if (job.LastResult is { } last)
        {
            w.WriteString("lastResult", last.UtcDateTime);
        }
        else
        {
            w.WriteNull("lastResult");
        }
        w.WriteNumber("finished", job.Finished);
        w.WriteNumber("failed", job.Failed);
        w.WriteNumber("total", job.Total);
        w.WriteString("kind", KindName(job.Kind));
        w.WriteString("owner", job.Owner);
        w.WriteEndObject();
    }, indented);

    /// <summary>"javascript" or "dotnet".</summary>
    public static string KindName(ProgramKind kind) => kind == ProgramKind.DotNet ? "dotnet" : "javascript";

    private static string Write(Action<Utf8JsonWriter> write, bool indented = false)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = indented, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            write(writer);
        }
        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }
}
