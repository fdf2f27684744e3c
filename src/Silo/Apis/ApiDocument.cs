using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace JobRuntime.Silo.Apis;

/// <summary>
/// The OpenAPI document of the silo's HTTP APIs, served at <c>/openapi/v1.json</c>: every route
/// with its statuses, and the error body <see cref="ApiError"/> for 401 (routes behind the users),
/// 500 and 503. The Orleans Dashboard's own routes and the console's pages are left out.
/// </summary>
public static class ApiDocument
{
    /// <summary>Where the document is served.</summary>
    public const string Path = "/openapi/v1.json";

    /// <summary>Adds the OpenAPI document's services (the document "v1"); call it once.</summary>
    public static TBuilder AddApiDocument<TBuilder>(this TBuilder builder) where TBuilder : IHostApplicationBuilder
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddOpenApi(options =>
        {
            options.ShouldInclude = description => description.RelativePath?.StartsWith("dashboard", StringComparison.Ordinal) != true;
            options.AddDocumentTransformer((document, _, _) =>
            {
                document.Info = new OpenApiInfo { Title = "JobRuntime", Version = "v1", Description = "The HTTP APIs of a JobRuntime silo. Errors are JSON {\"message\": \"...\"}." };
                AddMetricsPath(document);
                return Task.CompletedTask;
            });
            options.AddOperationTransformer(async (operation, context, cancellationToken) =>
            {
                var error = await context.GetOrCreateSchemaAsync(typeof(ApiError), null, cancellationToken);
                operation.Responses ??= [];
                if (context.Description.ActionDescriptor.EndpointMetadata.OfType<IAuthorizeData>().Any())
                {
                    Add(operation.Responses, "401", "No credentials, or wrong ones (only when users are configured).", error);
                }
                Add(operation.Responses, "500", "The silo failed to handle the request.", error);
                Add(operation.Responses, "503", "The silo cannot serve the request now (stopping, or its storage failed).", error);
            });
        });
        return builder;
    }

    /// <summary>Serves the document at <see cref="Path"/>, behind the jobs API's users (open on loopback when none are configured).</summary>
    public static IEndpointConventionBuilder MapApiDocument(this IEndpointRouteBuilder endpoints) =>
        endpoints.MapOpenApi(Path).RequireAuthorization(JobsApi.Policy);

    private static void Add(OpenApiResponses responses, string status, string description, IOpenApiSchema schema)
    {
        if (!responses.ContainsKey(status))
        {
            responses[status] = new OpenApiResponse
            {
                Description = description,
                Content = new Dictionary<string, OpenApiMediaType> { ["application/json"] = new() { Schema = schema } },
            };
        }
    }

    // /metrics is served by OpenTelemetry's Prometheus middleware, which API descriptions do not see.
    private static void AddMetricsPath(OpenApiDocument document)
    {
        document.Paths ??= [];
        if (document.Paths.ContainsKey("/metrics"))
        {
            return;
        }
        var operation = new OpenApiOperation
        {
            Summary = "The silo's metrics as Prometheus text (jobs, Orleans, HTTP).",
            Tags = new HashSet<OpenApiTagReference> { new("Telemetry", document) },
            Responses = new OpenApiResponses
            {
                ["200"] = new OpenApiResponse { Description = "Prometheus text exposition format.", Content = new Dictionary<string, OpenApiMediaType> { ["text/plain"] = new() } },
                ["401"] = new OpenApiResponse { Description = "No credentials, or wrong ones (only when users are configured)." },
            },
        };
        document.Paths["/metrics"] = new OpenApiPathItem { Operations = new Dictionary<HttpMethod, OpenApiOperation> { [HttpMethod.Get] = operation } };
    }
}
