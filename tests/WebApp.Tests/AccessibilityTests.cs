using Deque.AxeCore.Playwright;
using Microsoft.Playwright;
using Spaces.WebApp.Tests.Infrastructure;

namespace Spaces.WebApp.Tests;

/// <summary>axe-core finds no serious or critical violation on the home page or on a live Space's page.</summary>
[Collection(WebAppCollection.Name)]
public sealed class AccessibilityTests(WebAppHost app)
{
    [Fact]
    public async Task HomeAndSpacePagesHaveNoSeriousViolations()
    {
        var hostToken = await app.Api.TokenAsync(Ui.UserId(Ui.NewName("Ada")));
        var spaceId = await app.Api.CreateSpaceAsync(hostToken, new { title = "Accessible audio", topic_ids = new[] { "a11y" } });
        await app.Api.PostAsync($"/v1/spaces/{spaceId}/join", hostToken);

        var page = await app.NewPageAsync(phone: true);
        await page.SignInAsync(Ui.NewName("Ali"));
        await Microsoft.Playwright.Assertions.Expect(page.Section("Live now")).ToBeVisibleAsync();
        await AssertNoSeriousViolationsAsync(page, "home");

        await page.OpenSpaceAsync(spaceId, "Accessible audio");
        await page.Button("Join").ClickAsync();
        await page.Button("Raise hand").ClickAsync();
        await Microsoft.Playwright.Assertions.Expect(page.Button("Lower hand")).ToBeVisibleAsync();
        await AssertNoSeriousViolationsAsync(page, "space");
    }

    private static async Task AssertNoSeriousViolationsAsync(IPage page, string which)
    {
        var result = await page.RunAxe();
        var serious = result.Violations.Where(v => v.Impact is "serious" or "critical")
            .Select(v => $"{v.Id} ({v.Impact}): {v.Help} at {string.Join(", ", v.Nodes.Select(n => n.Target))}").ToList();
        Assert.True(serious.Count == 0, $"{which} page:\n{string.Join("\n", serious)}");
    }
}
