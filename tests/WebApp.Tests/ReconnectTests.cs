using Microsoft.Playwright;
using Spaces.WebApp.Tests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace Spaces.WebApp.Tests;

/// <summary>The phone loses its connection mid-Space: the app resubscribes with since_seq and catches up, no reload.</summary>
public sealed class ReconnectTests(WebAppHost app) : BrowserTest(app)
{
    [Fact]
    public async Task AfterADroppedSocketTheAppCatchesUpWithWhatHappenedMeanwhile()
    {
        var title = "Flaky network";
        var (spaceId, hostToken) = await LiveSpaceAsync(title);

        var listenerName = Ui.NewName("Max");
        var listener = await NewPageAsync(phone: true);
        var offline = false;
        // Every socket goes through this route: while "offline", new connections are refused as a dead network would.
        await listener.RouteWebSocketAsync("**/v1/ws**", socket =>
        {
            if (offline)
            {
                _ = socket.CloseAsync();
            }
            else
            {
                socket.ConnectToServer();
            }
        });
        await listener.SignInAsync(listenerName);
        await listener.OpenSpaceAsync(spaceId, title);
        await listener.Button("Join").ClickAsync();
        await Expect(listener.Button("Raise hand")).ToBeVisibleAsync();
        var loadedAt = await listener.EvaluateAsync<double>("window.spacesLoadedAt");

        offline = true;
        await listener.EvaluateAsync("window.spacesRealtime.drop()");
        await Expect(listener.GetByText("Reconnecting…")).ToBeVisibleAsync();

        // Meanwhile the host invites the listener and a second speaker comes on stage.
        var guestToken = await Api.TokenAsync(Ui.UserId(Ui.NewName("Guest")), "Guest");
        await Api.PostAsync($"/v1/spaces/{spaceId}/join", guestToken);
        await Api.PutAsync($"/v1/spaces/{spaceId}/hand", guestToken);
        await Api.PostAsync($"/v1/spaces/{spaceId}/speakers/{Ui.UserId(listenerName)}", hostToken);
        await Expect(listener.Button("Accept invitation")).ToBeHiddenAsync(); // nothing arrives while offline

        offline = false;
        await Expect(listener.Button("Accept invitation")).ToBeVisibleAsync();
        await Expect(listener.GetByText("Reconnecting…")).ToBeHiddenAsync();
        await listener.Button("Accept invitation").ClickAsync();
        await Expect(listener.Section("Stage").Person(listenerName)).ToContainTextAsync("Speaker");
        Assert.Equal(loadedAt, await listener.EvaluateAsync<double>("window.spacesLoadedAt"));
    }
}
