using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Spaces.LiveKit.Testing;

namespace Spaces.Gateway.Tests.Infrastructure;

/// <summary>
/// The real gateway in embedded mode (co-hosted silo, in-memory storage) on a real Kestrel socket bound to
/// 127.0.0.1, with its silo on free ports so several hosts can run in one test process, and a LiveKit-protocol
/// server of its own on 127.0.0.1 for the grains to drive (no LiveKit server can be installed here).
/// </summary>
public class GatewayHost : IAsyncLifetime
{
    private readonly IReadOnlyDictionary<string, string?> _settings;
    private WebApplicationFactory<Program> _factory = null!;

    public GatewayHost()
        : this(new Dictionary<string, string?>())
    {
    }

    protected GatewayHost(IReadOnlyDictionary<string, string?> settings) => _settings = settings;

    public Uri BaseAddress { get; private set; } = null!;

    public IServiceProvider Services => _factory.Services;

    public Api Api { get; private set; } = null!;

    public LiveKitTestServer LiveKit { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        LiveKit = await LiveKitTestServer.StartAsync();
        _factory = new WebApplicationFactory<Program>().WithWebHostBuilder(web =>
        {
            web.UseEnvironment("Development");
            web.UseSetting("Gateway:SiloPort", Ports.Free().ToString());
            web.UseSetting("Gateway:SiloGatewayPort", Ports.Free().ToString());
            web.UseSetting("Logging:LogLevel:Default", "Warning");
            web.UseSetting("LiveKit:ApiUrl", LiveKit.ApiUrl.ToString());
            // Long enough that a loaded box never turns a slow answer into a retry, which would send a request twice.
            web.UseSetting("LiveKit:RequestTimeout", "00:00:10");
            web.UseSetting("Spaces:MediaRetryInitialDelay", "00:00:00.050");
            web.UseSetting("Spaces:MediaRetryMaxDelay", "00:00:00.500");
            foreach (var (key, value) in _settings)
            {
                web.UseSetting(key, value);
            }

            ConfigureWebHost(web);
        });
        BaseAddress = _factory.StartOnLoopback();
        Api = new Api(new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(30) }, BaseAddress);
    }

    public async Task DisposeAsync()
    {
        Api.Dispose();
        await _factory.DisposeAsync();
        await LiveKit.DisposeAsync();
    }

    /// <summary>For a host that needs more than settings, e.g. a logger provider of its own.</summary>
    protected virtual void ConfigureWebHost(IWebHostBuilder web)
    {
    }
}
