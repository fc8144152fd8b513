using Microsoft.Playwright;
using Spaces.WebApp.Tests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace Spaces.WebApp.Tests;

public sealed class HomeAndFormTests(WebAppHost app) : BrowserTest(app)
{
    [Fact]
    public async Task CreateFormShowsEachApiErrorNextToItsField()
    {
        var page = await NewPageAsync(phone: true);
        await page.SignInAsync(Ui.NewName("Fay"));
        await page.Button("Create Space").ClickAsync();

        // The field shows the API's own message, whatever its wording.
        var refusal = await page.RunAndWaitForResponseAsync(() => page.Button("Create").ClickAsync(),
            response => response.Request.Method == "POST" && response.Url.EndsWith("/v1/spaces", StringComparison.Ordinal));
        var problem = await refusal.JsonAsync();
        Assert.Equal("title", problem?.GetProperty("field").GetString());
        await Expect(page.GetByLabel("Title")).ToHaveAccessibleDescriptionAsync(problem!.Value.GetProperty("detail").GetString()!);
        await Expect(page.GetByLabel("Title")).ToHaveAttributeAsync("aria-invalid", "true");

        await page.GetByLabel("Title").FillAsync("Paid and empty");
        await page.GetByLabel("Ticket price").FillAsync("5");
        await page.GetByLabel("Capacity").FillAsync("0");
        await page.Button("Create").ClickAsync();
        await Expect(page.GetByLabel("Capacity")).ToHaveAccessibleDescriptionAsync(new System.Text.RegularExpressions.Regex("ticket.capacity must be between 1"));
        await Expect(page.GetByLabel("Title")).Not.ToHaveAttributeAsync("aria-invalid", "true");
    }

    [Fact]
    public async Task AReminderOnAnUpcomingSpaceBecomesAToastWhenItGoesLive()
    {
        var hostToken = await Api.TokenAsync(Ui.UserId(Ui.NewName("Sam")));
        var title = $"Launch {Guid.NewGuid().ToString("N")[..6]}";
        var spaceId = await Api.CreateSpaceAsync(hostToken, new { title, scheduled_start = DateTimeOffset.UtcNow.AddHours(1), topic_ids = new[] { "launch" } });

        var fan = await NewPageAsync(phone: true);
        await fan.SignInAsync(Ui.NewName("Fan"));
        await fan.GetByLabel("Search").FillAsync(title);
        await fan.Button("Search").ClickAsync();
        var upcoming = fan.Section("Upcoming").GetByRole(AriaRole.Listitem).Filter(new() { HasText = title });
        await upcoming.Button("Set reminder").ClickAsync();
        await Expect(upcoming.Button("Reminder set")).ToHaveAttributeAsync("aria-pressed", "true");

        await Api.PostAsync($"/v1/spaces/{spaceId}/start", hostToken);
        var toast = fan.Locator(".toast", new() { HasText = $"“{title}” is live now" });
        await Expect(toast).ToBeVisibleAsync();
        await toast.GetByRole(AriaRole.Link, new() { Name = "Open" }).ClickAsync();
        await Expect(fan.GetByRole(AriaRole.Heading, new() { Name = title, Level = 1 })).ToBeVisibleAsync();
    }

    [Fact]
    public async Task FollowingAHostListsTheirSpacesUnderFromPeopleYouFollow()
    {
        var (spaceId, _) = await LiveSpaceAsync("Followed host talks");
        var fan = await NewPageAsync(phone: true);
        await fan.SignInAsync(Ui.NewName("Flo"));
        await fan.OpenSpaceAsync(spaceId, "Followed host talks");
        await fan.Section("Stage").GetByRole(AriaRole.Listitem).First.Button("Follow").ClickAsync();
        await Expect(fan.Button("Following")).ToHaveAttributeAsync("aria-pressed", "true");

        await fan.GetByRole(AriaRole.Link, new() { Name = "Spaces", Exact = true }).ClickAsync();
        await Expect(fan.Section("From people you follow").GetByRole(AriaRole.Link, new() { Name = "Followed host talks" })).ToBeVisibleAsync();
    }
}
