using System.Collections.Concurrent;
using System.Text.Json;
using Microsoft.Playwright;
using Spaces.WebApp.Tests.Infrastructure;
using static Microsoft.Playwright.Assertions;
using IRequest = Microsoft.Playwright.IRequest;

namespace Spaces.WebApp.Tests;

/// <summary>
/// A listener beyond the WebRTC seats: join answers an HLS playlist, the page plays it with hls.js and says the
/// audio is late. The join answer and the playlist are served by the test (no egress exists on these machines).
/// </summary>
public sealed class HlsListenerTests(WebAppHost app) : BrowserTest(app)
{
    private const string Playlist = """
        #EXTM3U
        #EXT-X-VERSION:3
        #EXT-X-TARGETDURATION:4
        #EXT-X-MEDIA-SEQUENCE:0
        #EXTINF:4.0,
        live-0.ts

        """;

    [Fact]
    public async Task AnHlsListenerPlaysThePlaylistWithHlsJsAndIsToldTheAudioIsLate()
    {
        var title = "Overflow";
        var (spaceId, _) = await LiveSpaceAsync(title);
        var playlistPath = $"/hls/{spaceId}/live.m3u8";
        var listener = await NewPageAsync(phone: true);
        var requests = new ConcurrentQueue<IRequest>();
        listener.Request += (_, request) => requests.Enqueue(request);
        await listener.RouteAsync($"**/v1/spaces/{spaceId}/join", route => route.FulfillAsync(new()
        {
            ContentType = "application/json",
            Body = JsonSerializer.Serialize(new { role = "listener", media = new { kind = "hls", url = new Uri(App.BaseAddress, playlistPath).ToString() } }),
        }));
        var playlistServed = new TaskCompletionSource<IRequest>(TaskCreationOptions.RunContinuationsAsynchronously);
        await listener.RouteAsync($"**{playlistPath}", async route =>
        {
            await route.FulfillAsync(new() { ContentType = "application/vnd.apple.mpegurl", Body = Playlist });
            playlistServed.TrySetResult(route.Request);
        });

        await listener.SignInAsync(Ui.NewName("Olu"));
        await listener.OpenSpaceAsync(spaceId, title);
        await listener.Button("Join").ClickAsync();

        await Expect(listener.GetByText("You hear this Space a few seconds late.")).ToBeVisibleAsync();
        var playlistRequest = await playlistServed.Task.WaitAsync(TimeSpan.FromSeconds(10));
        // hls.js loads playlists itself (XHR or fetch); the browser's own HLS would load it as media.
        Assert.Contains(playlistRequest.ResourceType, new[] { "xhr", "fetch" });
        Assert.Contains(requests, r => new Uri(r.Url).AbsolutePath == "/lib/hls.mjs");
        Assert.DoesNotContain(requests, r => new Uri(r.Url).AbsolutePath == "/lib/livekit-client.esm.mjs");
        await Expect(listener.Button("Leave")).ToBeVisibleAsync();
    }
}
