using System.Net.Http.Json;
using System.Text;
using static Microsoft.Playwright.Assertions;

namespace JobRuntime.Console.Tests;

/// <summary>The console's queues pages (<c>/console/queues</c>) in Chromium against a silo process.</summary>
[Collection(ChromiumCollection.Name)]
public sealed class QueuesPageTests(Chromium chromium)
{
    [Fact]
    public async Task The_queues_page_shows_sizes_leases_and_dead_letters_live_and_retries_the_dead_letters()
    {
        await using var silo = await ConsoleSilo.StartAsync();
        var http = silo.Process.Http;
        await PushAsync(http, "work", "{\"n\": 1}\n{\"n\": 2}\n{\"n\": 3}\n");
        await PushAsync(http, "work-failed", "{\"n\": 4}\n{\"n\": 5}\n"); // two dead letters
        (await http.PostAsync("/queues/work/leases?n=1&visibility=600", null)).EnsureSuccessStatusCode(); // a worker holds one

        var page = await chromium.OpenAsync(silo.Address);
        await page.GotoAsync("/");
        await page.Locator("header nav a", new() { HasText = "Queues" }).ClickAsync();
        var row = page.Locator("tr[data-queue='work']");
        await Expect(row.Locator("td[data-field=size]")).ToHaveTextAsync("3");
        await Expect(row.Locator("td[data-field=leased]")).ToHaveTextAsync("1");
        await Expect(row.Locator("td[data-field=failedSize]")).ToHaveTextAsync("2");
        await PushAsync(http, "work", "{\"n\": 6}\n");
        await Expect(row.Locator("td[data-field=size]")).ToHaveTextAsync("4");

        await row.Locator("a").ClickAsync();
        await Expect(page.Locator("#dead-letters li")).ToHaveCountAsync(2);
        await page.Locator("#retry-failed").ClickAsync();
        await Expect(page.Locator("#retry-message")).ToHaveTextAsync("Retried 2 dead letters.");
        await Expect(page.Locator("#dead-letters li")).ToHaveCountAsync(0);
        await Expect(page.Locator("#size")).ToHaveTextAsync("6");
        await Expect(page.Locator("#failedSize")).ToHaveTextAsync("0");
        await Chromium.ScreenshotAsync(page, "queue");

        var info = await http.GetFromJsonAsync<System.Text.Json.JsonElement>("/queues/work");
        Assert.Equal((6, 0), (info.GetProperty("size").GetInt32(), info.GetProperty("failedSize").GetInt32()));
    }

    private static async Task PushAsync(HttpClient http, string queue, string lines)
    {
        using var response = await http.PostAsync($"/queues/{queue}/messages", new StringContent(lines, Encoding.UTF8, "application/x-ndjson"));
        response.EnsureSuccessStatusCode();
    }
}
