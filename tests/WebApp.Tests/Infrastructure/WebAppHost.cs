using System.Net.Sockets;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Playwright;

namespace Spaces.WebApp.Tests.Infrastructure;

/// <summary>
/// The real gateway (embedded mode, Development: dev sign-in on) on a real 127.0.0.1 port, serving the web app,
/// and Debian's Chromium, headless, driven by Playwright. LiveKit points at a closed port: no SFU exists on these
/// machines, so the app must say "Audio unavailable" and keep working.
/// </summary>
public sealed class WebAppHost : IAsyncLifetime
{
    /// <summary>Debian's package; Playwright's own browser download does not work on these machines.</summary>
    private const string ChromiumPath = "/usr/bin/chromium";

    private WebApplicationFactory<Program> _factory = null!;
    private Socket _closedPort = null!;
    private IPlaywright _playwright = null!;

    public Uri BaseAddress { get; private set; } = null!;

    public IBrowser Browser { get; private set; } = null!;

    public ApiClient Api { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        // Bound for the whole run: the browser's LiveKit connect is refused at once, never left hanging.
        _closedPort = Ports.ReserveClosed();
        var closedPort = Ports.PortOf(_closedPort);
        _factory = new WebApplicationFactory<Program>().WithWebHostBuilder(web =>
        {
            web.UseEnvironment("Development");
            web.UseSetting("Gateway:SiloPort", Ports.Free().ToString());
            web.UseSetting("Gateway:SiloGatewayPort", Ports.Free().ToString());
            // Errors only: with no SFU reachable, every room operation would log its retries.
            web.UseSetting("Logging:LogLevel:Default", "Error");
            // Anyone may host here; the follower rules have their own tests in Gateway.Tests and Grains.Tests.
            web.UseSetting("Spaces:MinFollowersToHost", "0");
            web.UseSetting("Spaces:MinFollowersToHostTicketed", "0");
            // A crowd of four is a large Space here, so a test reaches reactions.coalesced with a few joins.
            web.UseSetting("Spaces:CoalesceReactionsAbove", "3");
            web.UseSetting("LiveKit:Url", $"ws://127.0.0.1:{closedPort}");
            web.UseSetting("LiveKit:ApiUrl", $"http://127.0.0.1:{closedPort}");
            web.UseSetting("LiveKit:RequestTimeout", "00:00:01");
        });
        BaseAddress = _factory.StartOnLoopback();
        Api = new ApiClient(new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(30) });

        _playwright = await Playwright.CreateAsync();
        Browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ChromiumPath,
            Headless = true,
            // Root has no user namespaces for Chromium's sandbox; a fake microphone answers getUserMedia.
            Args = ["--no-sandbox", "--use-fake-ui-for-media-stream", "--use-fake-device-for-media-stream"],
        });
    }

    public async Task DisposeAsync()
    {
        await Browser.DisposeAsync();
        _playwright.Dispose();
        Api.Dispose();
        await _factory.DisposeAsync();
        _closedPort.Dispose();
    }
}

/// <summary>One gateway and one browser for every browser test; each test signs in fresh users.</summary>
[CollectionDefinition(Name)]
public sealed class WebAppCollection : ICollectionFixture<WebAppHost>
{
    public const string Name = "web app";
}
