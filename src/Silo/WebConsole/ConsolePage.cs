using System.Text;
using System.Text.Encodings.Web;

namespace JobRuntime.Silo.WebConsole;

/// <summary>The HTML shell every console page shares: title, navigation (areas, the Orleans Dashboard, metrics, API), body and scripts.</summary>
internal static class ConsolePage
{
    /// <summary>Encodes text for HTML content and attribute values.</summary>
    public static string E(string? text) => HtmlEncoder.Default.Encode(text ?? "");

    public static IResult Render(string title, ConsoleArea area, string user, string body, params string[] scripts)
    {
        var html = new StringBuilder();
        html.Append($$"""
            <!DOCTYPE html>
            <html lang="en">
            <head>
            <meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <title>{{E(title)}} · JobRuntime</title>
            <link rel="stylesheet" href="{{ConsoleAssets.Url("console.css")}}">
            </head>
            <body>
            <header class="bar">
            <a class="brand" href="/">JobRuntime</a>
            <nav>
            """);
        foreach (var item in ConsoleAreas.All)
        {
            html.Append($"""<a href="{E(item.Path)}"{(item == area ? " class=\"active\"" : "")}>{E(item.Name)}</a>""");
        }
        html.Append($$"""
            <a href="/dashboard/" target="_blank" rel="noopener">Orleans Dashboard</a>
            <a href="/metrics" target="_blank" rel="noopener">Metrics</a>
            <a href="/openapi/v1.json" target="_blank" rel="noopener">OpenAPI</a>
            </nav>
            <span class="user" title="Signed in as">{{E(user)}}</span>
            </header>
            <main>
            {{body}}
            </main>
            <script src="{{ConsoleAssets.Url("console.js")}}"></script>
            """);
        foreach (var script in scripts)
        {
            html.Append($"""<script src="{ConsoleAssets.Url(script)}"></script>""").Append('\n');
        }
        html.Append("</body>\n</html>\n");
        return TypedResults.Content(html.ToString(), "text/html; charset=utf-8");
    }

    /// <summary>A page that says what was not found, with status 404.</summary>
    public static IResult NotFound(ConsoleArea area, string user, string message)
    {
        var page = Render("Not found", area, user, $"""<h1>Not found</h1><p class="message">{E(message)}</p><p><a href="{E(area.Path)}">Back to {E(area.Name)}</a></p>""");
        return new StatusCodeResult(page, StatusCodes.Status404NotFound);
    }

    private sealed class StatusCodeResult(IResult inner, int status) : IResult
    {
        public Task ExecuteAsync(HttpContext httpContext)
        {
            httpContext.Response.StatusCode = status;
            return inner.ExecuteAsync(httpContext);
        }
    }
}
