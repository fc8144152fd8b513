using System.Buffers;
using System.Net.WebSockets;

namespace Spaces.Gateway.Realtime;

/// <summary>
/// One client socket. This half reads the client's messages and ends the socket; the send half
/// (<c>ClientConnection.Outbox.cs</c>) queues frames so a broadcast never waits on a socket, drops a client that
/// does not keep up with close code 4008, and closes with 4001 when the token expires.
/// </summary>
/// <remarks>
/// Tens of thousands of these idle at once, so an idle one holds as little as it can: one read parked on the socket,
/// no receive buffer, no writer, no cancellation source, no timer of its own (token expiry is
/// <see cref="TokenExpiryScheduler"/>'s).
/// </remarks>
internal sealed partial class ClientConnection
{
    /// <summary>Private-use close code: the client did not keep up with its events.</summary>
    public const WebSocketCloseStatus SlowConsumer = (WebSocketCloseStatus)4008;

    /// <summary>Private-use close code: the token expired; reconnect with a fresh one and resume with since_seq.</summary>
    public const WebSocketCloseStatus TokenExpired = (WebSocketCloseStatus)4001;

    private readonly WebSocket _socket;
    private readonly RealtimeOptions _options;
    private readonly GatewayMetrics _metrics;
    private readonly TimeProvider _time;

    /// <param name="time">For the send and close deadlines.</param>
    public ClientConnection(WebSocket socket, string userId, RealtimeOptions options, GatewayMetrics metrics, TimeProvider time)
    {
        _socket = socket;
        _options = options;
        _metrics = metrics;
        _time = time;
        UserId = userId;
    }

    public string UserId { get; }

    /// <summary>
    /// Reads client messages until the socket closes, handing each to <paramref name="handler"/>; then tells the
    /// handler, lets the send half finish (a close already decided goes out after the frames queued before it) and
    /// completes the close handshake.
    /// </summary>
    public async Task RunAsync(IClientMessageHandler handler)
    {
        try
        {
            while (_socket.State == WebSocketState.Open)
            {
                // A zero-byte receive waits for the next message's header without a buffer: an idle socket (nearly all of
                // them: listeners only subscribe) holds no receive buffer; one is rented per message. No cancellation
                // token either: what ends this read is the client's close, or the socket's abort.
                var received = await _socket.ReceiveAsync(Memory<byte>.Empty, CancellationToken.None);
                if (received.MessageType == WebSocketMessageType.Close || !await ReadMessageAsync(received, handler))
                {
                    return;
                }
            }
        }
        catch (Exception e) when (e is WebSocketException or OperationCanceledException)
        {
            // The peer vanished or we dropped it: nothing to answer.
        }
        finally
        {
            handler.OnDisconnected();
            await FinishSendingAsync();
        }
    }

    /// <summary>Reads the rest of a message whose header <paramref name="received"/> announced; false ends the socket.</summary>
    private async Task<bool> ReadMessageAsync(ValueWebSocketReceiveResult received, IClientMessageHandler handler)
    {
        var limit = _options.MaxMessageBytes;
        var buffer = ArrayPool<byte>.Shared.Rent(limit);
        try
        {
            var length = 0;
            while (!received.EndOfMessage)
            {
                if (length == limit)
                {
                    StopSending(new CloseReason(WebSocketCloseStatus.MessageTooBig, $"messages are at most {limit} bytes"));
                    return false;
                }

                received = await _socket.ReceiveAsync(buffer.AsMemory(length, limit - length), CancellationToken.None);
                length += received.Count;
            }

            if (received.MessageType == WebSocketMessageType.Close)
            {
                return false;
            }

            await handler.OnMessageAsync(buffer.AsMemory(0, length));
            return true;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>Sends the close frame, within <see cref="RealtimeOptions.CloseTimeout"/>; aborts the socket when it cannot.</summary>
    private async Task CloseOutputAsync(CloseReason close)
    {
        if (_socket.State is not (WebSocketState.Open or WebSocketState.CloseReceived))
        {
            return;
        }

        using var timeout = new CancellationTokenSource(_options.CloseTimeout, _time);
        try
        {
            await _socket.CloseOutputAsync(close.Status, close.Reason, timeout.Token);
        }
        catch (Exception e) when (e is WebSocketException or OperationCanceledException or ObjectDisposedException)
        {
            _socket.Abort();
        }
    }

    /// <summary>After a close we started, the client gets <see cref="RealtimeOptions.CloseTimeout"/> to answer before the read ends.</summary>
    private async Task AbortUnlessCloseAnsweredAsync()
    {
        await Task.Delay(_options.CloseTimeout, _time);
        if (_socket.State is not (WebSocketState.Closed or WebSocketState.Aborted))
        {
            _socket.Abort();
        }
    }

    private sealed record CloseReason(WebSocketCloseStatus Status, string Reason)
    {
        public static readonly CloseReason Normal = new(WebSocketCloseStatus.NormalClosure, "");
        public static readonly CloseReason Slow = new(SlowConsumer, "slow consumer: too many events waiting");
        public static readonly CloseReason Expired = new(TokenExpired, "token expired: reconnect with a fresh token and resume with since_seq");
    }
}

/// <summary>What a <see cref="ClientConnection"/> does with the client's messages: the realtime protocol.</summary>
internal interface IClientMessageHandler
{
    Task OnMessageAsync(ReadOnlyMemory<byte> message);

    /// <summary>The client is gone (or going): stop routing events to it.</summary>
    void OnDisconnected();
}
