using System.Net;
using System.Net.Sockets;
using System.Net.WebSockets;
using System.Text;

namespace Spaces.Gateway.Tests.Realtime;

/// <summary>Two ends of a real WebSocket over a real TCP connection on 127.0.0.1, without HTTP in front.</summary>
internal static class LoopbackWebSockets
{
    public static async Task<(WebSocket Server, WebSocket Client)> OpenAsync()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var client = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        var connecting = client.ConnectAsync(IPAddress.Loopback, ((IPEndPoint)listener.LocalEndpoint).Port);
        var server = await listener.AcceptSocketAsync();
        await connecting;
        return (
            WebSocket.CreateFromStream(new NetworkStream(server, ownsSocket: true), new WebSocketCreationOptions { IsServer = true }),
            WebSocket.CreateFromStream(new NetworkStream(client, ownsSocket: true), new WebSocketCreationOptions { IsServer = false }));
    }

    /// <summary>The next text message, or null when the other side closed; fails after 10 s.</summary>
    public static async Task<string?> ReceiveTextAsync(WebSocket socket)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        var buffer = new byte[4096];
        var text = new StringBuilder();
        while (true)
        {
            var received = await socket.ReceiveAsync(buffer, timeout.Token);
            if (received.MessageType == WebSocketMessageType.Close)
            {
                return null;
            }

            text.Append(Encoding.UTF8.GetString(buffer, 0, received.Count));
            if (received.EndOfMessage)
            {
                return text.ToString();
            }
        }
    }
}
