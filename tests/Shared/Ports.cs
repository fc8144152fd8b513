using System.Net;
using System.Net.Sockets;

namespace Spaces.Testing;

/// <summary>Ports on 127.0.0.1 for the servers and hosts the tests start.</summary>
internal static class Ports
{
    /// <summary>A port that was free a moment ago (the kernel's pick for port 0), for a host that binds it itself.</summary>
    public static int Free()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>
    /// A port bound for as long as the socket lives and never listened on: connecting is refused at once, and no
    /// other process (the cluster tests start silos on free ports alongside) can take it and leave a connect hanging.
    /// </summary>
    public static Socket ReserveClosed()
    {
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        // .NET binds with SO_REUSEADDR on Linux, which would let another bind share the port; cleared, it is ours.
        socket.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, false);
        return socket;
    }

    /// <summary>The port a reserved socket holds.</summary>
    public static int PortOf(Socket socket) => ((IPEndPoint)socket.LocalEndPoint!).Port;
}
