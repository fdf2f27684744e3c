using Microsoft.Playwright;

namespace JobRuntime.Console.Tests;

/// <summary>
/// Debian's Chromium driven by Playwright (its driver ships in the package; no browser is
/// downloaded). One browser for the whole test run; each test opens its own context.
/// </summary>
public sealed class Chromium : IAsyncLifetime
{
    /// <summary>Where the browser is: Debian's package <c>chromium</c> (test.sh installs it).</summary>
    public const string ExecutablePath = "/usr/bin/chromium";

    private IPlaywright? _playwright;

    public IBrowser Browser { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        if (!File.Exists(ExecutablePath))
        {
            throw new InvalidOperationException($"Chromium is missing at {ExecutablePath}: install the Debian package chromium (test.sh does).");
        }
        _playwright = await Playwright.CreateAsync();
        Browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ExecutablePath,
            Headless = true,
            Timeout = 60_000,
            Args = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage"],
        });
    }

    /// <summary>A new browser context (its own cookies and credentials) on the silo, with generous timeouts.</summary>
    public async Task<IPage> OpenAsync(Uri address, HttpCredentials? credentials = null)
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = address.ToString(),
            HttpCredentials = credentials,
            ViewportSize = new ViewportSize { Width = 1280, Height = 900 },
        });
        context.SetDefaultTimeout(60_000);
        var page = await context.NewPageAsync();
        page.Dialog += (_, dialog) => _ = dialog.AcceptAsync(); // confirm() before a delete
        return page;
    }

    /// <summary>Saves a screenshot of the page under the test output (screenshots/NAME.png) and returns its path.</summary>
    public static async Task<string> ScreenshotAsync(IPage page, string name)
    {
        var path = Path.Combine(AppContext.BaseDirectory, "screenshots", name + ".png");
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = path, FullPage = true });
        return path;
    }

    public async Task DisposeAsync()
    {
        if (Browser is not null)
        {
            await Browser.CloseAsync();
        }
        _playwright?.Dispose();
    }
}

[CollectionDefinition(Name)]
public sealed class ChromiumCollection : ICollectionFixture<Chromium>
{
    public const string Name = "Chromium";
}
