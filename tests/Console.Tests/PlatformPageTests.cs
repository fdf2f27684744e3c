using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using static Microsoft.Playwright.Assertions;

namespace JobRuntime.Console.Tests;

/// <summary>The console's platform pages (<c>/console/platform</c>) in Chromium against a silo process.</summary>
[Collection(ChromiumCollection.Name)]
public sealed class PlatformPageTests(Chromium chromium)
{
    private const string ApiKey = "console0123456789abcdef";

    [Fact]
    public async Task The_platform_pages_show_a_projects_jobs_tags_collections_and_frontiers_and_a_jobs_items_and_log_live()
    {
        await using var silo = await ConsoleSilo.StartAsync(
            "--JobRuntime:Users:0:Name", "admin", "--JobRuntime:Users:0:Password", "admin-pw",
            "--JobRuntime:Users:0:ApiKeys:0", ApiKey, "--JobRuntime:Users:0:Admin", "true");
        using var platform = new HttpClient { BaseAddress = silo.Address, Timeout = TimeSpan.FromSeconds(60) };
        platform.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes(ApiKey + ":")));
        using var pushed = await platform.PostAsync("/storage/jobq/1/push", Lines("{\"spider\": \"books\", \"tags\": [\"nightly\"]}"));
        pushed.EnsureSuccessStatusCode();
        var key = JsonDocument.Parse(await pushed.Content.ReadAsStringAsync()).RootElement.GetProperty("key").GetString()!;
        (await platform.PostAsync("/storage/collections/1/s/seen", Lines("{\"_key\": \"a\", \"value\": 1}"))).EnsureSuccessStatusCode();
        (await platform.PostAsync("/storage/hcf/1/site/s/slot1", Lines("{\"fp\": \"/a\"}"))).EnsureSuccessStatusCode();

        // One user for both: the platform API with the key, the console with the password.
        var page = await chromium.OpenAsync(silo.Address, new Microsoft.Playwright.HttpCredentials { Username = "admin", Password = "admin-pw" });
        await page.GotoAsync("/");
        await page.Locator("header nav a", new() { HasText = "Platform" }).ClickAsync();
        await page.Locator("#projects a", new() { HasText = "Project 1" }).ClickAsync();
        var row = page.Locator($"#platform-jobs tr[data-job='{key}']");
        await Expect(row).ToContainTextAsync("books");
        await Expect(row).ToContainTextAsync("pending");
        await Expect(row.Locator(".tag")).ToHaveTextAsync("nightly");
        await Expect(page.Locator("#spiders")).ToContainTextAsync("books");
        await Expect(page.Locator("#collections")).ToContainTextAsync("seen");
        await Expect(page.Locator("#frontiers")).ToContainTextAsync("site: 1 slot");

        // On the job's page, the crawl's items and log lines arrive live, and so does its state.
        await row.Locator("a").ClickAsync();
        await Expect(page.Locator("#state")).ToHaveTextAsync("pending");
        (await platform.PostAsync($"/storage/items/{key}?start=0", Lines("{\"title\": \"Dune\"}", "{\"title\": \"Emma\"}"))).EnsureSuccessStatusCode();
        (await platform.PostAsync($"/storage/logs/{key}?start=0", Lines("{\"message\": \"crawled 2 pages\", \"level\": 20, \"time\": 1}"))).EnsureSuccessStatusCode();
        (await platform.PostAsync("/storage/jobq/1/update", Lines($"{{\"key\": \"{key}\", \"state\": \"running\"}}"))).EnsureSuccessStatusCode();
        await Expect(page.Locator("#items")).ToHaveTextAsync("2");
        await Expect(page.Locator("#item-list li").First).ToContainTextAsync("Emma");
        await Expect(page.Locator("#log-list")).ToContainTextAsync("crawled 2 pages");
        await Expect(page.Locator("#state")).ToHaveTextAsync("running");
        await Expect(page.Locator("#tags")).ToHaveTextAsync("nightly");
        await Chromium.ScreenshotAsync(page, "platform-job");
    }

    private static StringContent Lines(params string[] lines) => new(string.Join('\n', lines) + "\n", Encoding.UTF8, "application/x-jsonlines");
}
