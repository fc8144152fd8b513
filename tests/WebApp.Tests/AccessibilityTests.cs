using Deque.AxeCore.Playwright;
using Microsoft.Playwright;
using Spaces.WebApp.Tests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace Spaces.WebApp.Tests;

/// <summary>axe-core finds no serious or critical violation on the home page or on a live Space's page.</summary>
public sealed class AccessibilityTests(WebAppHost app) : BrowserTest(app)
{
    [Fact]
    public async Task HomeAndSpacePagesHaveNoSeriousViolations()
    {
        var (spaceId, _) = await LiveSpaceAsync("Accessible audio");

        var page = await NewPageAsync(phone: true);
        await page.SignInAsync(Ui.NewName("Ali"));
        await Expect(page.Section("Live now")).ToBeVisibleAsync();
        await AssertNoSeriousViolationsAsync(page, "home");
        await page.ScreenshotAsync("home-phone.png");

        await page.OpenSpaceAsync(spaceId, "Accessible audio");
        await page.Button("Join").ClickAsync();
        await page.Button("Raise hand").ClickAsync();
        await Expect(page.Button("Lower hand")).ToBeVisibleAsync();
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
