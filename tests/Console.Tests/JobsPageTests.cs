using System.Globalization;
using System.Net;
using static Microsoft.Playwright.Assertions;

namespace JobRuntime.Console.Tests;

/// <summary>The console's jobs page (<c>/</c>) in Chromium against a silo process.</summary>
[Collection(ChromiumCollection.Name)]
public sealed class JobsPageTests(Chromium chromium)
{
    [Fact]
    public async Task The_jobs_page_creates_a_job_shows_its_progress_live_and_deletes_it()
    {
        await using var silo = await ConsoleSilo.StartAsync();
        var page = await chromium.OpenAsync(silo.Address);
        await page.GotoAsync("/");
        await Expect(page.Locator("h1")).ToHaveTextAsync("Jobs");
        await Expect(page.Locator("#no-jobs")).ToBeVisibleAsync();

        // Create a job with the form: the page opens the new job's page.
        await page.Locator("#create-job textarea[name=program]").FillAsync(ConsoleSilo.Program);
        await page.Locator("#create-job button[type=submit]").ClickAsync();
        await page.WaitForURLAsync("**/console/jobs/*");
        var id = page.Url[(page.Url.LastIndexOf('/') + 1)..];

        // Back on the list, tasks submitted by another client show up live, up to the total.
        await page.GotoAsync("/");
        var row = page.Locator($"tr[data-job='{id}']");
        await Expect(row).ToBeVisibleAsync();
        for (var batch = 1; batch <= 3; batch++)
        {
            await silo.SubmitAsync(id, 1_000);
            await Expect(row.Locator("td[data-field=total]")).ToHaveTextAsync($"{batch},000");
            await Expect(row.Locator("td[data-field=finished]")).ToHaveTextAsync((batch * 800).ToString("N0", CultureInfo.InvariantCulture));
            await Expect(row.Locator("td[data-field=failed]")).ToHaveTextAsync((batch * 200).ToString("N0", CultureInfo.InvariantCulture));
        }
        await Expect(page.Locator("#chart polyline")).ToHaveCountAsync(1);
        await Chromium.ScreenshotAsync(page, "jobs");

        await row.Locator("button[data-delete]").ClickAsync();
        await Expect(row).ToHaveCountAsync(0);
        Assert.Equal(HttpStatusCode.NotFound, (await silo.Process.Http.GetAsync($"/jobs/{id}")).StatusCode);
    }
}
