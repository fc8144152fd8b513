using System.Text.RegularExpressions;
using Microsoft.Playwright;
using Spaces.WebApp.Tests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace Spaces.WebApp.Tests;

public sealed partial class TicketedSpaceTests(WebAppHost app) : BrowserTest(app)
{
    [Fact]
    public async Task AListenerBuysATicketAndJoins()
    {
        var title = "Masterclass";
        var (spaceId, _) = await LiveSpaceAsync(title, new { price = 500, currency = "USD", capacity = 10 });

        var buyer = await NewPageAsync(phone: true);
        await buyer.SignInAsync(Ui.NewName("Bea"));
        await buyer.OpenSpaceAsync(spaceId, title);
        await Expect(buyer.GetByText("Ticket $5.00 · 0 of 10 sold")).ToBeVisibleAsync();

        await buyer.Button("Buy ticket").ClickAsync();
        await buyer.GetByRole(AriaRole.Button, new() { NameRegex = PayButton() }).ClickAsync();
        await Expect(buyer.GetByText("You have a ticket.")).ToBeVisibleAsync();
        // Without a ticket the page knows the stage only from the Space (no mute state); with one it loads the participants.
        await Expect(buyer.Locator(".stage .muted, .stage .unmuted")).ToHaveCountAsync(1);
        await buyer.Button("Join").ClickAsync();
        await Expect(buyer.Button("Raise hand")).ToBeVisibleAsync();
        await Expect(buyer.Button("Leave")).ToBeVisibleAsync();
    }

    [Fact]
    public async Task JoiningWithoutATicketOpensTheCheckout()
    {
        var (spaceId, _) = await LiveSpaceAsync("Paid talk", new { price = 300, currency = "USD", capacity = 5 });

        var visitor = await NewPageAsync();
        await visitor.SignInAsync(Ui.NewName("Vic"));
        await visitor.OpenSpaceAsync(spaceId, "Paid talk");
        await visitor.Button("Join").ClickAsync();
        await Expect(visitor.GetByRole(AriaRole.Alert)).ToContainTextAsync("ticket");
        await Expect(visitor.GetByRole(AriaRole.Button, new() { NameRegex = PayButton() })).ToBeVisibleAsync();
    }

    [Fact]
    public async Task ARemovedListenerSeesWhyWhenReopeningTheSpace()
    {
        var (spaceId, hostToken) = await LiveSpaceAsync("Open talk");
        var name = Ui.NewName("Rob");
        var listener = await NewPageAsync();
        await listener.SignInAsync(name);
        await listener.OpenSpaceAsync(spaceId, "Open talk");
        await listener.Button("Join").ClickAsync();
        await Expect(listener.Button("Leave")).ToBeVisibleAsync();

        await Api.PostAsync($"/v1/spaces/{spaceId}/remove/{Ui.UserId(name)}", hostToken);
        await listener.ReloadAsync();
        await Expect(listener.GetByRole(AriaRole.Heading, new() { Name = "Open talk" })).ToBeVisibleAsync();
        await Expect(listener.GetByText("You were removed from this Space.")).ToBeVisibleAsync();
        await Expect(listener.Button("Join")).ToBeDisabledAsync();
    }

    [GeneratedRegex(@"^Pay \$3\.00$|^Pay \$5\.00$")]
    private static partial Regex PayButton();
}
