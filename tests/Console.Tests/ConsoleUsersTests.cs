using System.Net;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace JobRuntime.Console.Tests;

/// <summary>The console is behind the jobs API's users when users are configured.</summary>
[Collection(ChromiumCollection.Name)]
public sealed class ConsoleUsersTests(Chromium chromium)
{
    [Fact]
    public async Task The_console_asks_for_a_user_and_shows_only_that_users_jobs()
    {
        await using var silo = await ConsoleSilo.StartAsync(
            "--JobRuntime:Http:Users:0:Name", "alice", "--JobRuntime:Http:Users:0:Password", "alice-pw",
            "--JobRuntime:Http:Users:1:Name", "bob", "--JobRuntime:Http:Users:1:Password", "bob-pw");
        foreach (var path in (string[])["/", "/console/events/jobs", "/metrics"])
        {
            using var anonymous = await silo.Process.Http.GetAsync(path);
            Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
            Assert.Equal("Basic", anonymous.Headers.WwwAuthenticate.Single().Scheme);
        }
        using var bob = new HttpClient { BaseAddress = silo.Address, DefaultRequestHeaders = { Authorization = new("Basic", Convert.ToBase64String("bob:bob-pw"u8.ToArray())) } };
        var bobs = await silo.CreateJobAsync(bob);

        var page = await chromium.OpenAsync(silo.Address, new HttpCredentials { Username = "alice", Password = "alice-pw" });
        await page.GotoAsync("/");
        await Expect(page.Locator(".user")).ToHaveTextAsync("alice");
        await page.Locator("#create-job button[type=submit]").ClickAsync();
        await page.WaitForURLAsync("**/console/jobs/*");
        var alices = page.Url[(page.Url.LastIndexOf('/') + 1)..];
        await page.GotoAsync("/");
        await Expect(page.Locator("tr[data-job]")).ToHaveCountAsync(1);
        // The page's event stream is signed in too: tasks submitted elsewhere show up live.
        using var alice = new HttpClient { BaseAddress = silo.Address, DefaultRequestHeaders = { Authorization = new("Basic", Convert.ToBase64String("alice:alice-pw"u8.ToArray())) } };
        await silo.SubmitAsync(alices, 10, alice);
        await Expect(page.Locator($"tr[data-job='{alices}'] td[data-field=total]")).ToHaveTextAsync("10");
        await Expect(page.Locator($"tr[data-job='{bobs}']")).ToHaveCountAsync(0);
        Assert.Equal(404, (await page.GotoAsync($"/console/jobs/{bobs}"))!.Status);
    }
}
