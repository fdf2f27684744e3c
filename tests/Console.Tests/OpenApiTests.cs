using System.Globalization;
using System.Text.Json;
using JobRuntime.Silo.Tests;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace JobRuntime.Console.Tests;

/// <summary>The OpenAPI document of the silo's Program, hosted in this process to read its route table.</summary>
public sealed class OpenApiTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("jobruntime-openapi-").FullName;

    [Fact]
    public async Task Every_mapped_route_but_the_dashboard_and_the_console_pages_is_in_the_OpenAPI_document_with_its_error_body()
    {
        await using var factory = new WebApplicationFactory<Program>().WithWebHostBuilder(host => host
            .UseSetting("JobRuntime:Sqlite:DataSource", Path.Combine(_directory, "silo.db"))
            .UseSetting("Orleans:Endpoints:SiloPort", SiloProcess.FreePort().ToString(CultureInfo.InvariantCulture))
            .UseSetting("Orleans:Endpoints:GatewayPort", SiloProcess.FreePort().ToString(CultureInfo.InvariantCulture))
            .UseSetting("hostBuilder:reloadConfigOnChange", "false"));
        using var client = factory.CreateClient();
        var document = JsonDocument.Parse(await client.GetStringAsync("/openapi/v1.json")).RootElement;
        var paths = document.GetProperty("paths");

        var routes = factory.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => !e.RoutePattern.RawText!.TrimStart('/').StartsWith("dashboard", StringComparison.Ordinal))
            .Where(e => e.Metadata.GetMetadata<IExcludeFromDescriptionMetadata>() is not { ExcludeFromDescription: true })
            .ToList();
        Assert.Contains(routes, r => r.RoutePattern.RawText == "/metrics");
        Assert.True(routes.Count >= 12, $"only {routes.Count} routes were found");
        foreach (var route in routes)
        {
            var path = "/" + string.Join('/', route.RoutePattern.PathSegments.Select(Segment)).TrimEnd('/');
            var methods = route.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods ?? ["GET"];
            Assert.True(paths.TryGetProperty(path, out var item), $"{path} ({route.DisplayName}) is not in the OpenAPI document");
            foreach (var method in methods)
            {
                Assert.True(item.TryGetProperty(method.ToLowerInvariant(), out var operation), $"{method} {path} is not in the OpenAPI document");
                var responses = operation.GetProperty("responses");
                Assert.True(responses.EnumerateObject().Any(r => r.Name.StartsWith('2')), $"{method} {path} has no success status");
                if (path.StartsWith("/jobs", StringComparison.Ordinal))
                {
                    foreach (var status in (string[])["401", "500", "503"])
                    {
                        Assert.True(responses.TryGetProperty(status, out var error), $"{method} {path} does not document {status}");
                        Assert.True(error.GetProperty("content").GetProperty("application/json").GetProperty("schema").TryGetProperty("properties", out var properties)
                            && properties.TryGetProperty("message", out _), $"{method} {path} {status} has no {{message}} body");
                    }
                }
            }
        }
        // The console's pages are there, and left out as pages rather than APIs.
        Assert.Contains(factory.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>(), e => e.RoutePattern.RawText == "/");
    }

    private static string Segment(Microsoft.AspNetCore.Routing.Patterns.RoutePatternPathSegment segment) =>
        string.Concat(segment.Parts.Select(part => part switch
        {
            Microsoft.AspNetCore.Routing.Patterns.RoutePatternLiteralPart literal => literal.Content,
            Microsoft.AspNetCore.Routing.Patterns.RoutePatternParameterPart parameter => "{" + parameter.Name + "}",
            _ => "",
        }));

    public void Dispose()
    {
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
