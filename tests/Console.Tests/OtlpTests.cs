using System.Collections.Concurrent;
using JobRuntime.Silo.Tests;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace JobRuntime.Console.Tests;

/// <summary>A silo process that is given an OTLP endpoint sends its traces there.</summary>
public sealed class OtlpTests
{
    [Fact]
    public async Task A_silo_with_an_OTLP_endpoint_sends_a_trace_from_the_HTTP_request_through_the_job_grain_to_the_task_batches()
    {
        // A stand-in collector on a loopback port: it keeps the body of every OTLP/HTTP export.
        var exports = new ConcurrentQueue<(string Path, byte[] Body)>();
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { Args = ["--hostBuilder:reloadConfigOnChange=false"] });
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        await using var collector = builder.Build();
        collector.MapPost("/v1/{signal}", async (HttpRequest request) =>
        {
            using var body = new MemoryStream();
            await request.Body.CopyToAsync(body);
            exports.Enqueue((request.Path, body.ToArray()));
            return Results.Ok();
        });
        await collector.StartAsync();
        var endpoint = collector.Urls.Single();

        await using var silo = await ConsoleSilo.StartAsync(
            "--JobRuntime:Telemetry:OtlpEndpoint", endpoint, "--JobRuntime:Telemetry:OtlpProtocol", "HttpProtobuf");
        var id = await silo.CreateJobAsync();
        await silo.SubmitAsync(id, 20);

        // Spans are exported in batches every few seconds. A batch of tasks is a descendant of the
        // HTTP request that submitted them: request -> grain call -> "job submit" -> chunk call -> batch.
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        List<string>? chain = null;
        var count = 0;
        while (chain is null && DateTime.UtcNow < deadline)
        {
            await Task.Delay(500);
            var spans = exports.Where(e => e.Path == "/v1/traces").SelectMany(e => OtlpSpans.Read(e.Body)).ToList();
            count = spans.Count;
            var byId = spans.GroupBy(s => s.SpanId).ToDictionary(g => g.Key, g => g.First());
            foreach (var batch in spans.Where(s => s.Name == "job run tasks"))
            {
                var names = new List<string>();
                for (var span = batch; span is not null; span = byId.GetValueOrDefault(span.ParentSpanId))
                {
                    Assert.Equal(batch.TraceId, span.TraceId);
                    names.Add(span.Name);
                }
                if (names[^1] == "POST /jobs/{id}/tasks")
                {
                    chain = names;
                }
            }
        }

        Assert.True(chain is not null, $"no exported task batch descends from the span of POST /jobs/{{id}}/tasks ({count} spans exported)");
        Assert.Contains("job submit", chain);
        Assert.Contains(chain, n => n.Contains("IJobGrain/SubmitJson", StringComparison.Ordinal));
        Assert.Contains(chain, n => n.Contains("ITaskChunkGrain/Run", StringComparison.Ordinal));
    }
}
