using System.Collections.Concurrent;
using System.Text;
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
    public async Task A_silo_with_an_OTLP_endpoint_sends_the_traces_of_a_job_from_its_HTTP_request_to_its_task_batches()
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

        // Spans are exported in batches every few seconds; protobuf keeps strings as UTF-8.
        string[] expected = ["job submit", "job run tasks", "IJobGrain/SubmitJson", "POST /jobs/{id}/tasks", id];
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        string traces;
        do
        {
            await Task.Delay(500);
            traces = string.Concat(exports.Where(e => e.Path == "/v1/traces").Select(e => Encoding.UTF8.GetString(e.Body)));
        }
        while (!expected.All(traces.Contains) && DateTime.UtcNow < deadline);

        foreach (var text in expected)
        {
            Assert.True(traces.Contains(text, StringComparison.Ordinal), $"no exported span mentions '{text}' ({exports.Count} exports)");
        }
    }
}
