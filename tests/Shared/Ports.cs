using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;

namespace Spaces.Testing;

/// <summary>Ports on 127.0.0.1 for the servers and hosts the tests start.</summary>
internal static class Ports
{
    // Ports handed out by this process, so two hosts of one test run never get the same one.
    private static readonly ConcurrentDictionary<int, byte> HandedOut = new();

    /// <summary>
    /// A port free now, for a host (often a process still starting) that binds it itself. It lies below the kernel's
    /// ephemeral range, so no outgoing connection or port-0 bind, which the parallel suites make by the thousand, can
    /// take it before the host binds it; a random pick keeps the test processes running side by side apart.
    /// </summary>
    public static int Free()
    {
        var ephemeralStart = EphemeralRangeStart();
        var lowest = Math.Max(1024, ephemeralStart - 10_000);
        for (var attempt = 0; attempt < 1_000; attempt++)
        {
            var port = Random.Shared.Next(lowest, ephemeralStart);
            if (IsFree(port) && HandedOut.TryAdd(port, 0))
            {
                return port;
            }
        }

        throw new InvalidOperationException($"No free port found between {lowest} and {ephemeralStart - 1}.");
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

    private static bool IsFree(int port)
    {
        try
        {
            using var listener = new TcpListener(IPAddress.Loopback, port);
            listener.Start();
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    /// <summary>The first port of Linux's ephemeral range (32768 unless the box says otherwise).</summary>
    private static int EphemeralRangeStart()
    {
        const string RangeFile = "/proc/sys/net/ipv4/ip_local_port_range";
        return File.Exists(RangeFile) && int.TryParse(File.ReadAllText(RangeFile).Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries)[0], out var start)
            ? start
            : 32768;
    }
}
