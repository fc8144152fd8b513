using Microsoft.Playwright;
using Spaces.WebApp.Tests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace Spaces.WebApp.Tests;

/// <summary>A host (desktop) and a listener (phone) run a Space together in two browser profiles.</summary>
public sealed class SpaceStageTests(WebAppHost app) : BrowserTest(app)
{
    [Fact]
    public async Task HostAndListenerRunASpaceFromCreateToEnd()
    {
        var host = await NewPageAsync();
        var listener = await NewPageAsync(phone: true);
        var hostName = Ui.NewName("Hana");
        var listenerName = Ui.NewName("Leo");
        var title = $"Morning coffee {Guid.NewGuid().ToString("N")[..4]}";

        await host.SignInAsync(hostName);
        await host.Button("Create Space").ClickAsync();
        await host.GetByLabel("Title").FillAsync(title);
        await host.GetByLabel("Topics").FillAsync("coffee");
        await host.Button("Create").ClickAsync();
        await Expect(host.GetByRole(AriaRole.Heading, new() { Name = title, Level = 1 })).ToBeVisibleAsync();
        await Expect(host.Section("Stage").Person(hostName)).ToContainTextAsync("Host");
        await Expect(host.GetByText("Audio unavailable")).ToBeVisibleAsync();

        await listener.SignInAsync(listenerName);
        await listener.GetByLabel("Search").FillAsync(title);
        await listener.Button("Search").ClickAsync();
        await listener.Section("Live now").GetByRole(AriaRole.Link, new() { Name = title }).ClickAsync();
        await listener.Button("Join").ClickAsync();
        await listener.Button("Raise hand").ClickAsync();
        await Expect(listener.Button("Lower hand")).ToBeVisibleAsync();

        await host.Section("Requests").Person(listenerName).Button("Accept").ClickAsync();
        var listenerOnStage = listener.Section("Stage").Person(listenerName);
        await Expect(listenerOnStage).ToContainTextAsync("Speaker");
        await Expect(listenerOnStage).ToContainTextAsync("Unmuted");

        await listener.Button("👏").ClickAsync();
        await Expect(host.Locator("#reactions .reaction", new() { HasText = "👏" })).ToBeVisibleAsync();

        await host.Section("Stage").Person(listenerName).Button("Mute").ClickAsync();
        await Expect(listenerOnStage).ToContainTextAsync("Muted");
        await Expect(listener.Button("Unmute me")).ToBeVisibleAsync();

        await host.ScreenshotAsync("space-page.png");
        await listener.ScreenshotAsync("space-page-phone.png");

        await host.Button("End Space").ClickAsync();
        await Expect(listener.GetByText("This Space has ended")).ToBeVisibleAsync();
        await Expect(listener.Button("Raise hand")).ToBeHiddenAsync();
    }

    [Fact]
    public async Task TheReactionsOfALargeSpaceFloatAsCounts()
    {
        var title = "Crowd";
        var (spaceId, hostToken) = await LiveSpaceAsync(title);
        var host = await NewPageAsync();
        await host.GotoAsync($"/#token={hostToken}");
        await host.OpenSpaceAsync(spaceId, title);

        var crowd = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => Api.TokenAsync(Ui.UserId(Ui.NewName("Fan")))));
        foreach (var token in crowd)
        {
            await Api.PostAsync($"/v1/spaces/{spaceId}/join", token);
        }

        await Task.WhenAll(crowd.Select(token => Api.PostAsync($"/v1/spaces/{spaceId}/reactions", token, new { emoji = "💜" })));

        // Coalesced bubbles carry the interval's count instead of a user.
        await Expect(host.Locator("#reactions .reaction[data-count]", new() { HasText = "💜" }).First).ToBeVisibleAsync();
    }

    [Fact]
    public async Task AnInvitedListenerAcceptsAndTheHostMovesThemBack()
    {
        var title = "Invitations";
        var (spaceId, hostToken) = await LiveSpaceAsync(title);
        var host = await NewPageAsync();
        await host.GotoAsync($"/#token={hostToken}"); // the way a host page hands the app its token
        await host.OpenSpaceAsync(spaceId, title);

        var guestName = Ui.NewName("Gus");
        var guest = await NewPageAsync(phone: true);
        await guest.SignInAsync(guestName);
        await guest.OpenSpaceAsync(spaceId, title);
        await guest.Button("Join").ClickAsync();

        await host.Section("Listeners").Person(guestName).Button("Invite to speak").ClickAsync();
        await Expect(guest.GetByText("You are invited to speak")).ToBeVisibleAsync(); // the notification toast
        await guest.Button("Accept invitation").ClickAsync();
        await Expect(guest.Section("Stage").Person(guestName)).ToContainTextAsync("Speaker");

        await host.Section("Stage").Person(guestName).Button("Move to audience").ClickAsync();
        await Expect(guest.Section("Stage").Person(guestName)).ToHaveCountAsync(0);
        await Expect(guest.Button("Raise hand")).ToBeVisibleAsync();
    }
}
