using System.Buffers;
using System.Net.WebSockets;
using System.Threading.Channels;

namespace Spaces.Gateway.Realtime;

/// <summary>
/// One client socket. Sends go through a bounded outbox drained by a single writer, so a broadcast never
/// waits on a socket; a client whose outbox fills, or whose send stalls, is dropped with close code 4008; a
/// socket whose token expires is closed with 4001.
/// </summary>
internal sealed class ClientConnection
{
    /// <summary>Private-use close code: the client did not keep up with its events.</summary>
    public const WebSocketCloseStatus SlowConsumer = (WebSocketCloseStatus)4008;

    /// <summary>Private-use close code: the token expired; reconnect with a fresh one and resume with since_seq.</summary>
    public const WebSocketCloseStatus TokenExpired = (WebSocketCloseStatus)4001;

    private readonly WebSocket _socket;
    private readonly RealtimeOptions _options;
    private readonly GatewayMetrics _metrics;
    private readonly Channel<ReadOnlyMemory<byte>> _outbox;
    private readonly CancellationTokenSource _disconnected = new();
    private CloseReason? _closing;

    public ClientConnection(WebSocket socket, string userId, RealtimeOptions options, GatewayMetrics metrics)
    {
        _socket = socket;
        _options = options;
        _metrics = metrics;
        UserId = userId;
        _outbox = Channel.CreateBounded<ReadOnlyMemory<byte>>(new BoundedChannelOptions(options.SendQueueCapacity)
        {
            SingleReader = true,
            FullMode = BoundedChannelFullMode.Wait,
        });
    }

    public string UserId { get; }

    /// <summary>Queues a frame without waiting; a full outbox marks the client slow instead.</summary>
    public void Send(ReadOnlyMemory<byte> frame)
    {
        if (!_outbox.Writer.TryWrite(frame))
        {
            DropAsSlow();
        }
    }

    /// <summary>Closes the socket with <see cref="TokenExpired"/> at <paramref name="expiresAt"/>; dispose to cancel.</summary>
    public IDisposable CloseWhenTokenExpires(DateTimeOffset expiresAt, TimeProvider time)
    {
        var due = expiresAt - time.GetUtcNow();
        return time.CreateTimer(
            _ => StopSending(new CloseReason(TokenExpired, "token expired: reconnect with a fresh token and resume with since_seq")),
            null,
            due > TimeSpan.Zero ? due : TimeSpan.Zero,
            Timeout.InfiniteTimeSpan);
    }

    /// <summary>Reads client messages until the socket closes; every message goes to <paramref name="onMessage"/>.</summary>
    public async Task RunAsync(Func<ReadOnlyMemory<byte>, Task> onMessage)
    {
        var writer = WriteLoopAsync();
        try
        {
            await ReadLoopAsync(onMessage);
        }
        catch (Exception e) when (e is WebSocketException or OperationCanceledException)
        {
            // The peer vanished or we dropped it: nothing to answer.
        }
        finally
        {
            _outbox.Writer.TryComplete();
            await _disconnected.CancelAsync();
            await writer;
            await CloseOutputAsync(WebSocketCloseStatus.NormalClosure, "");
            _disconnected.Dispose();
        }
    }

    private async Task ReadLoopAsync(Func<ReadOnlyMemory<byte>, Task> onMessage)
    {
        var limit = _options.MaxMessageBytes;
        while (_socket.State == WebSocketState.Open)
        {
            // A zero-byte receive waits for the next message's header without a buffer: an idle socket (nearly all of
            // them: listeners only subscribe) holds no receive buffer; one is rented per message.
            var received = await _socket.ReceiveAsync(Memory<byte>.Empty, _disconnected.Token);
            if (received.MessageType == WebSocketMessageType.Close)
            {
                return;
            }

            var buffer = ArrayPool<byte>.Shared.Rent(limit);
            try
            {
                var length = 0;
                while (!received.EndOfMessage)
                {
                    if (length == limit)
                    {
                        await CloseOutputAsync(WebSocketCloseStatus.MessageTooBig, $"messages are at most {limit} bytes");
                        return;
                    }

                    received = await _socket.ReceiveAsync(buffer.AsMemory(length, limit - length), _disconnected.Token);
                    length += received.Count;
                }

                if (received.MessageType == WebSocketMessageType.Close)
                {
                    return;
                }

                await onMessage(buffer.AsMemory(0, length));
            }
            finally
            {
                ArrayPool<byte>.Shared.Return(buffer);
            }
        }
    }

    private async Task WriteLoopAsync()
    {
        try
        {
            while (await _outbox.Reader.WaitToReadAsync(_disconnected.Token))
            {
                while (Volatile.Read(ref _closing) is null && _outbox.Reader.TryRead(out var frame))
                {
                    var sending = _socket.SendAsync(frame, WebSocketMessageType.Text, endOfMessage: true, CancellationToken.None);
                    // Almost every send completes at once (the kernel takes the bytes); only one that waits gets a deadline,
                    // so the hot path arms no timer per frame.
                    await (sending.IsCompleted ? sending : new ValueTask(sending.AsTask().WaitAsync(_options.SendTimeout)));
                }

                if (Volatile.Read(ref _closing) is not null)
                {
                    break;
                }
            }

            if (Volatile.Read(ref _closing) is { } closing)
            {
                await CloseOutputAsync(closing.Status, closing.Reason);
                // Give the client a moment to answer the close, then stop reading from it.
                _disconnected.CancelAfter(_options.CloseTimeout);
            }
        }
        catch (TimeoutException)
        {
            // A send outlasted SendTimeout: abort the socket (its send cannot finish) and count a slow client.
            DropAsSlow();
            _socket.Abort();
        }
        catch (Exception e) when (e is WebSocketException or OperationCanceledException or ObjectDisposedException)
        {
            // The socket is gone.
        }
    }

    private void DropAsSlow()
    {
        if (StopSending(new CloseReason(SlowConsumer, "slow consumer: too many events waiting")))
        {
            _metrics.SlowClientDropped();
        }
    }

    /// <summary>Sends nothing more and has the writer close with <paramref name="reason"/>; false if already closing.</summary>
    private bool StopSending(CloseReason reason)
    {
        if (Interlocked.CompareExchange(ref _closing, reason, null) is not null)
        {
            return false;
        }

        _outbox.Writer.TryComplete();
        return true;
    }

    private sealed record CloseReason(WebSocketCloseStatus Status, string Reason);

    private async Task CloseOutputAsync(WebSocketCloseStatus status, string reason)
    {
        if (_socket.State is not (WebSocketState.Open or WebSocketState.CloseReceived))
        {
            return;
        }

        using var timeout = new CancellationTokenSource(_options.CloseTimeout);
        try
        {
            await _socket.CloseOutputAsync(status, reason, timeout.Token);
        }
        catch (Exception e) when (e is WebSocketException or OperationCanceledException or ObjectDisposedException)
        {
            _socket.Abort();
        }
    }
}
