using System.Text.RegularExpressions;
using Microsoft.Playwright;
using Spaces.WebApp.Tests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace Spaces.WebApp.Tests;

[Collection(WebAppCollection.Name)]
public sealed partial class TicketedSpaceTests(WebAppHost app)
{
    [Fact]
    public async Task AListenerBuysATicketAndJoins()
    {
        var hostToken = await app.Api.TokenAsync(Ui.UserId(Ui.NewName("Tess")));
        var title = "Masterclass";
        var spaceId = await app.Api.CreateSpaceAsync(hostToken, new { title, ticket = new { price = 500, currency = "USD", capacity = 10 } });
        await app.Api.PostAsync($"/v1/spaces/{spaceId}/join", hostToken);

        var buyer = await app.NewPageAsync(phone: true);
        await buyer.SignInAsync(Ui.NewName("Bea"));
        await buyer.OpenSpaceAsync(spaceId, title);
        await Expect(buyer.GetByText("Ticket $5.00 · 0 of 10 sold")).ToBeVisibleAsync();

        await buyer.Button("Buy ticket").ClickAsync();
        await buyer.GetByRole(AriaRole.Button, new() { NameRegex = PayButton() }).ClickAsync();
        await Expect(buyer.GetByText("You have a ticket.")).ToBeVisibleAsync();
        await buyer.Button("Join").ClickAsync();
        await Expect(buyer.Button("Raise hand")).ToBeVisibleAsync();
        await Expect(buyer.Button("Leave")).ToBeVisibleAsync();
    }

    [Fact]
    public async Task JoiningWithoutATicketOpensTheCheckout()
    {
        var hostToken = await app.Api.TokenAsync(Ui.UserId(Ui.NewName("Tom")));
        var spaceId = await app.Api.CreateSpaceAsync(hostToken, new { title = "Paid talk", ticket = new { price = 300, currency = "USD", capacity = 5 } });

        var visitor = await app.NewPageAsync();
        await visitor.SignInAsync(Ui.NewName("Vic"));
        await visitor.OpenSpaceAsync(spaceId, "Paid talk");
        await visitor.Button("Join").ClickAsync();
        await Expect(visitor.GetByRole(AriaRole.Alert)).ToContainTextAsync("ticket");
        await Expect(visitor.GetByRole(AriaRole.Button, new() { NameRegex = PayButton() })).ToBeVisibleAsync();
    }

    [GeneratedRegex(@"^Pay \$3\.00$|^Pay \$5\.00$")]
    private static partial Regex PayButton();
}
