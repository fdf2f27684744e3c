using System.Net;
using System.Text;
using static Microsoft.Playwright.Assertions;

namespace JobRuntime.Console.Tests;

/// <summary>The console's states pages (<c>/console/states</c>) in Chromium against a silo process.</summary>
[Collection(ChromiumCollection.Name)]
public sealed class StatesPageTests(Chromium chromium)
{
    [Fact]
    public async Task A_state_page_shows_values_and_waiters_live_and_sets_the_key_a_waiter_waits_for()
    {
        await using var silo = await ConsoleSilo.StartAsync();
        var http = silo.Process.Http;
        var page = await chromium.OpenAsync(silo.Address);
        await page.GotoAsync("/");
        await page.Locator("header nav a", new() { HasText = "States" }).ClickAsync();
        await page.Locator("#open-state input[name=namespace]").FillAsync("cookies");
        await page.Locator("#open-state button").ClickAsync();
        await page.WaitForURLAsync("**/console/states/cookies");
        await Expect(page.Locator("#waiters")).ToHaveTextAsync("0");

        // Another process changes the state: the page shows it live.
        using var patch = new HttpRequestMessage(HttpMethod.Patch, "/state/cookies") { Content = new StringContent("{\"cookies\": 3, \"ready\": false}", Encoding.UTF8, "application/json") };
        (await http.SendAsync(patch)).EnsureSuccessStatusCode();
        await Expect(page.Locator("tr[data-key=cookies] [data-field=value]")).ToHaveTextAsync("3");
        await Expect(page.Locator("#version")).ToHaveTextAsync("2");

        // A process waits for "ready" to be true: the page counts it; the user sets it, and the wait ends.
        using var waitClient = new HttpClient { BaseAddress = silo.Address, Timeout = TimeSpan.FromMinutes(3) };
        var wait = waitClient.GetAsync("/state/cookies/wait?condition=equal&key=ready&value=true&timeout=150");
        await Expect(page.Locator("#waiters")).ToHaveTextAsync("1");
        await page.Locator("#set-key input[name=key]").FillAsync("ready");
        await page.Locator("#set-key textarea[name=value]").FillAsync("true");
        await page.Locator("#set-key button").ClickAsync();
        using var waited = await wait;
        Assert.Equal(HttpStatusCode.OK, waited.StatusCode);
        await Expect(page.Locator("tr[data-key=ready] [data-field=value]")).ToHaveTextAsync("true");
        await Expect(page.Locator("#waiters")).ToHaveTextAsync("0");
        await Expect(page.Locator("#updates li")).ToHaveCountAsync(3);
        await Chromium.ScreenshotAsync(page, "state");
    }
}
