using System.Net;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Spaces.Testing;

/// <summary>A test host on real sockets: Kestrel on 127.0.0.1, on a port the kernel picks.</summary>
internal static class LoopbackServer
{
    /// <summary>Starts the factory's host on Kestrel (browsers and WebSocket clients need a real socket); returns its address.</summary>
    public static Uri StartOnLoopback<TEntryPoint>(this WebApplicationFactory<TEntryPoint> factory)
        where TEntryPoint : class
    {
        factory.UseKestrel(options => options.Listen(IPAddress.Loopback, 0));
        factory.StartServer();
        var addresses = factory.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>();
        return new Uri(addresses.Addresses.Single());
    }
}
