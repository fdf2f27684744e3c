using System.Collections.Frozen;
using System.Security.Cryptography;

namespace JobRuntime.Silo.WebConsole;

/// <summary>
/// The console's stylesheet and scripts, embedded in the assembly (no build step, nothing fetched)
/// and served at <c>/console/assets/{name}</c> with an ETag.
/// </summary>
internal static class ConsoleAssets
{
    private const string Prefix = "JobRuntime.Silo.WebConsole.Assets.";

    private static readonly FrozenDictionary<string, (byte[] Content, string Type, string ETag)> Assets = Load();

    /// <summary>The address of an asset, versioned by its content so browsers never keep a stale one.</summary>
    public static string Url(string name) => $"/console/assets/{name}?v={Assets[name].ETag.Trim('"')}";

    public static IResult Serve(string name, HttpContext context)
    {
        if (!Assets.TryGetValue(name, out var asset))
        {
            return TypedResults.NotFound();
        }
        context.Response.Headers.CacheControl = "private, max-age=3600";
        context.Response.Headers.ETag = asset.ETag;
        if (context.Request.Headers.IfNoneMatch == asset.ETag)
        {
            return TypedResults.StatusCode(StatusCodes.Status304NotModified);
        }
        return TypedResults.Bytes(asset.Content, asset.Type);
    }

    private static FrozenDictionary<string, (byte[], string, string)> Load()
    {
        var assembly = typeof(ConsoleAssets).Assembly;
        var assets = new Dictionary<string, (byte[], string, string)>();
        foreach (var resource in assembly.GetManifestResourceNames().Where(n => n.StartsWith(Prefix, StringComparison.Ordinal)))
        {
            using var stream = assembly.GetManifestResourceStream(resource)!;
            using var buffer = new MemoryStream();
            stream.CopyTo(buffer);
            var content = buffer.ToArray();
            var name = resource[Prefix.Length..];
            var type = Path.GetExtension(name) switch
            {
                ".css" => "text/css; charset=utf-8",
                ".js" => "text/javascript; charset=utf-8",
                ".svg" => "image/svg+xml",
                _ => "application/octet-stream",
            };
            assets[name] = (content, type, $"\"{Convert.ToHexStringLower(SHA256.HashData(content))[..16]}\"");
        }
        return assets.ToFrozenDictionary();
    }
}
