using Microsoft.Playwright;
using Spaces.WebApp.Tests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace Spaces.WebApp.Tests;

/// <summary>Lost connections and lost frames: the app catches up without a page reload.</summary>
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

    [Fact]
    public async Task AGapInSeqMakesTheAppReFetchTheSpace()
    {
        var title = "Lossy link";
        var (spaceId, hostToken) = await LiveSpaceAsync(title);
        var host = await NewPageAsync();
        var dropNextHand = false;
        // The host's socket goes through the test, which loses one hand.raised frame on the way.
        await host.RouteWebSocketAsync("**/v1/ws**", page =>
        {
            var server = page.ConnectToServer();
            page.OnMessage(frame => server.Send(frame.Text ?? ""));
            server.OnMessage(frame =>
            {
                if (dropNextHand && frame.Text is { } text && text.Contains("\"hand.raised\"", StringComparison.Ordinal))
                {
                    dropNextHand = false;
                    return;
                }

                page.Send(frame.Text ?? "");
            });
        });
        await host.GotoAsync($"/#token={hostToken}");
        await host.OpenSpaceAsync(spaceId, title);

        var first = await ListenerAsync(spaceId, "Ann");
        var second = await ListenerAsync(spaceId, "Ben");
        await Expect(host.GetByText("2 listening")).ToBeVisibleAsync();
        // The audience changes re-read the participants; once both are listed, only hand events change the requests.
        await Expect(host.Section("Listeners").Person(first.Name)).ToBeVisibleAsync();
        await Expect(host.Section("Listeners").Person(second.Name)).ToBeVisibleAsync();

        dropNextHand = true;
        await Api.PutAsync($"/v1/spaces/{spaceId}/hand", first.Token);
        await Api.PutAsync($"/v1/spaces/{spaceId}/hand", second.Token);
        var requests = host.Section("Requests");
        await Expect(requests.Person(second.Name)).ToBeVisibleAsync();
        await Expect(requests.Person(first.Name)).ToBeVisibleAsync(); // its frame was lost: only a re-fetch shows it
        Assert.False(dropNextHand);
    }

    private async Task<(string Name, string Token)> ListenerAsync(string spaceId, string who)
    {
        var name = Ui.NewName(who);
        var token = await Api.TokenAsync(Ui.UserId(name), name);
        await Api.PostAsync($"/v1/spaces/{spaceId}/join", token);
        return (name, token);
    }
}
