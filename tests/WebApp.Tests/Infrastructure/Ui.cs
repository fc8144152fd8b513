using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Spaces.WebApp.Tests.Infrastructure;

/// <summary>What a person does in the app, found the way a screen reader finds it: by role and accessible name.</summary>
public static class Ui
{
    /// <summary>A display name no other test uses; the app derives the user id from it (lowercased).</summary>
    public static string NewName(string who) => $"{who} {Guid.NewGuid().ToString("N")[..6]}";

    public static string UserId(string name) => name.ToLowerInvariant().Replace(' ', '-');

    public static ILocator Button(this IPage page, string name) => page.GetByRole(AriaRole.Button, new() { Name = name, Exact = true });

    public static ILocator Button(this ILocator scope, string name) => scope.GetByRole(AriaRole.Button, new() { Name = name, Exact = true });

    public static ILocator Section(this IPage page, string name) => page.GetByRole(AriaRole.Region, new() { Name = name, Exact = true });

    /// <summary>A person in a section (stage, requests, listeners), by display name.</summary>
    public static ILocator Person(this ILocator section, string name) => section.Locator($"li[data-user='{UserId(name)}']");

    public static async Task SignInAsync(this IPage page, string name)
    {
        await page.GotoAsync("/");
        await page.GetByLabel("Name").FillAsync(name);
        await page.Button("Sign in").ClickAsync();
        await Expect(page.Button("Create Space")).ToBeVisibleAsync();
    }

    public static async Task OpenSpaceAsync(this IPage page, string spaceId, string title)
    {
        await page.GotoAsync($"/#/spaces/{spaceId}");
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = title, Level = 1 })).ToBeVisibleAsync();
    }

    /// <summary>Saves a screenshot under docs/images of the repository (the README shows them).</summary>
    public static async Task ScreenshotAsync(this IPage page, string fileName)
    {
        await page.ScreenshotAsync(new() { Path = Path.Combine(Repository.Root, "docs", "images", fileName), FullPage = true });
    }
}
