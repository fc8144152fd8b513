using System.Net;
using System.Net.Sockets;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Spaces.Gateway.Tests.Infrastructure;

/// <summary>
/// The real gateway in embedded mode (co-hosted silo, in-memory storage) on a real Kestrel socket bound to
/// 127.0.0.1, with its silo on free ports so several hosts can run in one test process.
/// </summary>
public class GatewayHost : IAsyncLifetime
{
    private readonly WebApplicationFactory<Program> _factory;

    public GatewayHost()
        : this(new Dictionary<string, string?>())
    {
    }

    protected GatewayHost(IReadOnlyDictionary<string, string?> settings)
    {
        _factory = new WebApplicationFactory<Program>().WithWebHostBuilder(web =>
        {
            web.UseEnvironment("Development");
            web.UseSetting("Gateway:SiloPort", FreePort().ToString());
            web.UseSetting("Gateway:SiloGatewayPort", FreePort().ToString());
            web.UseSetting("Logging:LogLevel:Default", "Warning");
            foreach (var (key, value) in settings)
            {
                web.UseSetting(key, value);
            }
        });
        _factory.UseKestrel(options => options.Listen(IPAddress.Loopback, 0));
    }

    public Uri BaseAddress { get; private set; } = null!;

    public IServiceProvider Services => _factory.Services;

    public Api Api { get; private set; } = null!;

    public Task InitializeAsync()
    {
        _factory.StartServer();
        var addresses = _factory.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>();
        BaseAddress = new Uri(addresses.Addresses.Single());
        Api = new Api(new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(30) }, BaseAddress);
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        Api.Dispose();
        await _factory.DisposeAsync();
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
