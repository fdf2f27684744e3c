using System.Text.Json.Nodes;
using JobRuntime.Storage.Platform;

namespace JobRuntime.Silo.Apis.Platform;

/// <summary>Job summaries as jobq lists them, and the query filters jobq shares (spider, state, tags, time).</summary>
internal static class PlatformJobSummaries
{
    /// <summary>
    /// <c>key</c>, <c>state</c>, <c>spider</c> (unless <paramref name="jobmeta"/> is given), <c>ts</c>,
    /// <c>elapsed</c> (&gt; 0), the state's time, <c>tags</c> when not empty, and each <c>jobmeta</c> field.
    /// </summary>
    public static JsonObject Summary(PlatformJobRecord job, long now, IReadOnlyList<string> jobmeta)
    {
        var metadata = JsonNode.Parse(job.Metadata) as JsonObject ?? [];
        var summary = new JsonObject
        {
            ["key"] = job.Key.ToString(),
            ["state"] = job.State,
            ["ts"] = job.Timestamp,
            ["elapsed"] = Math.Max(1, now - job.Timestamp),
        };
        if (jobmeta.Count == 0)
        {
            summary["spider"] = metadata["spider"]?.DeepClone();
            var time = $"{job.State}_time";
            if (metadata[time] is { } t)
            {
                summary[time] = t.DeepClone();
            }
        }
        if (metadata["tags"] is JsonArray { Count: > 0 } tags)
        {
            summary["tags"] = tags.DeepClone();
        }
        foreach (var field in jobmeta)
        {
            if (metadata.TryGetPropertyValue(field, out var value))
            {
                summary[field] = value?.DeepClone();
            }
        }
        return summary;
    }

    /// <summary>The jobs of a project matching <c>spider</c>, <c>state</c> (default <paramref name="defaultStates"/>), <c>has_tag</c> (any), <c>lacks_tag</c> (none), <c>startts</c>/<c>endts</c>.</summary>
    public static async Task<List<PlatformJobRecord>> QueryAsync(HttpContext http, long project, int? spider, string[] defaultStates)
    {
        var request = http.Request;
        var spiderName = PlatformHttp.Text(request, "spider");
        if (spider is null && spiderName is not null)
        {
            var found = await http.Store<IPlatformProjectStore>().SpiderGetByNameAsync(project, spiderName);
            if (found is null)
            {
                return [];
            }
            spider = found.Id;
        }
        var states = PlatformHttp.All(request, "state");
        foreach (var state in states)
        {
            if (!PlatformJobState.IsValid(state))
            {
                throw new PlatformHttpException(400, $"Unknown state '{state}': use pending, running, finished or deleted.");
            }
        }
        var jobs = await http.Store<IPlatformJobStore>().JobListAsync(new PlatformJobListParams(
            project, spider, states.Count > 0 ? states : defaultStates,
            PlatformHttp.Long(request, "startts"), PlatformHttp.Long(request, "endts")));
        var has = PlatformHttp.All(request, "has_tag");
        var lacks = PlatformHttp.All(request, "lacks_tag");
        if (has.Count == 0 && lacks.Count == 0)
        {
            return [.. jobs];
        }
        return [.. jobs.Where(job =>
        {
            var tags = (JsonNode.Parse(job.Metadata)?["tags"] as JsonArray)?.Select(t => t?.ToString()).ToHashSet() ?? [];
            return (has.Count == 0 || has.Any(tags.Contains)) && !lacks.Any(tags.Contains);
        })];
    }
}
