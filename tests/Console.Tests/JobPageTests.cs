using System.Net;
using static Microsoft.Playwright.Assertions;

namespace JobRuntime.Console.Tests;

/// <summary>A job's page of the console (<c>/console/jobs/{id}</c>) in Chromium against a silo process.</summary>
[Collection(ChromiumCollection.Name)]
public sealed class JobPageTests(Chromium chromium)
{
    [Fact]
    public async Task A_job_page_submits_tasks_counts_them_to_the_total_live_and_opens_an_error()
    {
        await using var silo = await ConsoleSilo.StartAsync();
        var id = await silo.CreateJobAsync();
        var page = await chromium.OpenAsync(silo.Address);
        await page.GotoAsync($"/console/jobs/{id}");
        await Expect(page.Locator("pre.program")).ToContainTextAsync("function Run(d)");
        await Expect(page.Locator("#total")).ToHaveTextAsync("0");

        await page.Locator("#submit-tasks input[name=count]").FillAsync("500");
        await page.Locator("#fill-range").ClickAsync();
        await page.Locator("#submit-tasks button[type=submit]").ClickAsync();
        await Expect(page.Locator("#submit-message")).ToHaveTextAsync("Submitted 500 tasks.");
        await Expect(page.Locator("#total")).ToHaveTextAsync("500");
        await Expect(page.Locator("#finished")).ToHaveTextAsync("400");
        await Expect(page.Locator("#failed")).ToHaveTextAsync("100");
        await Expect(page.Locator("#results li").First).ToBeVisibleAsync();

        // An error opens with its details from the task.
        var error = page.Locator("#errors .error-link").First;
        await Expect(error).ToContainTextAsync("no multiples of 5 minus one");
        await error.ClickAsync();
        await Expect(page.Locator("#task-dialog")).ToBeVisibleAsync();
        await Expect(page.Locator("#task-title")).ToContainTextAsync("failed");
        await Expect(page.Locator("#task-detail")).ToContainTextAsync("Error: no multiples of 5 minus one");
        await Chromium.ScreenshotAsync(page, "job");
        await page.Locator("#task-dialog button").ClickAsync();

        await page.Locator("#delete-job").ClickAsync();
        await page.WaitForURLAsync(silo.Address.ToString());
        Assert.Equal(HttpStatusCode.NotFound, (await silo.Process.Http.GetAsync($"/jobs/{id}")).StatusCode);
    }

    [Fact]
    public async Task A_job_page_cancels_a_running_job_and_shows_its_unstarted_tasks_end_as_cancelled()
    {
        await using var silo = await ConsoleSilo.StartAsync(ConsoleSilo.SmallBatches);
        var id = await silo.CreateJobAsync(program: ConsoleSilo.SlowProgram);
        var page = await chromium.OpenAsync(silo.Address);
        await page.GotoAsync($"/console/jobs/{id}");
        await page.Locator("#submit-tasks input[name=count]").FillAsync("300");
        await page.Locator("#fill-range").ClickAsync();
        await page.Locator("#submit-tasks button[type=submit]").ClickAsync();
        await Expect(page.Locator("#submit-message")).ToHaveTextAsync("Submitted 300 tasks.");
        await Expect(page.Locator("#results li").First).ToBeVisibleAsync();

        await page.Locator("#cancel-job").ClickAsync();
        await Expect(page.Locator("#status")).ToHaveTextAsync("cancelled");
        await Expect(page.Locator("#cancel-job")).ToBeDisabledAsync();
        await Expect(page.Locator("#errors .error-link").First).ToContainTextAsync("cancelled");
        await Expect(page.Locator("#progress")).ToHaveAttributeAsync("value", "300");
        await Chromium.ScreenshotAsync(page, "job-cancelled");
    }

    [Fact]
    public async Task A_job_page_of_a_missing_job_says_so_with_404()
    {
        await using var silo = await ConsoleSilo.StartAsync();
        var page = await chromium.OpenAsync(silo.Address);
        var response = await page.GotoAsync("/console/jobs/no-such-job");
        Assert.Equal(404, response!.Status);
        await Expect(page.Locator(".message")).ToHaveTextAsync("Job 'no-such-job' does not exist or was deleted.");
    }
}
