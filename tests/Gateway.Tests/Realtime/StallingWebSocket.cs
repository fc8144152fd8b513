using System.Net.WebSockets;
using System.Text;

namespace Spaces.Gateway.Tests.Realtime;

/// <summary>
/// The server side of a socket whose sends a test holds back on purpose — a client that stops reading — the one thing
/// a double stands in for here. It records what was sent (frames as text, then "close 4008 reason") and whether two
/// sends were ever in flight at once.
/// </summary>
internal sealed class StallingWebSocket : WebSocket
{
    private readonly Lock _gate = new();
    private readonly List<string> _sent = [];
    private readonly TaskCompletionSource<ValueWebSocketReceiveResult> _clientMessage = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _aborted = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private TaskCompletionSource? _stall;
    private int _sendsInFlight;
    private WebSocketState _state = WebSocketState.Open;

    /// <summary>The most sends that were ever in flight at once; one writer at a time makes it 1.</summary>
    public int MostSendsInFlight { get; private set; }

    public Task Aborted => _aborted.Task;

    public override WebSocketState State => _state;

    public override WebSocketCloseStatus? CloseStatus => null;

    public override string? CloseStatusDescription => null;

    public override string? SubProtocol => null;

    /// <summary>From now on every send waits until <see cref="Release"/>.</summary>
    public void Stall()
    {
        lock (_gate)
        {
            _stall = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        }
    }

    /// <summary>Lets the waiting send finish; later sends complete at once.</summary>
    public void Release()
    {
        TaskCompletionSource? stall;
        lock (_gate)
        {
            stall = _stall;
            _stall = null;
        }

        stall?.TrySetResult();
    }

    public IReadOnlyList<string> Sent
    {
        get
        {
            lock (_gate)
            {
                return [.. _sent];
            }
        }
    }

    /// <summary>Waits (at most 10 s) until <paramref name="count"/> sends were recorded.</summary>
    public async Task<IReadOnlyList<string>> SentAsync(int count)
    {
        for (var i = 0; i < 1000 && Sent.Count < count; i++)
        {
            await Task.Delay(10);
        }

        return Sent;
    }

    /// <summary>The client answers our close (or starts its own).</summary>
    public void ClientCloses() =>
        _clientMessage.TrySetResult(new ValueWebSocketReceiveResult(0, WebSocketMessageType.Close, endOfMessage: true));

    public override ValueTask SendAsync(ReadOnlyMemory<byte> buffer, WebSocketMessageType messageType, bool endOfMessage, CancellationToken cancellationToken)
    {
        Task pending;
        lock (_gate)
        {
            if (_state != WebSocketState.Open && _state != WebSocketState.CloseReceived)
            {
                throw new WebSocketException(WebSocketError.InvalidState);
            }

            _sent.Add(Encoding.UTF8.GetString(buffer.Span));
            if (_stall is null)
            {
                return default;
            }

            MostSendsInFlight = Math.Max(MostSendsInFlight, ++_sendsInFlight);
            pending = _stall.Task;
        }

        return new ValueTask(FinishSendAsync(pending));
    }

    public override Task CloseOutputAsync(WebSocketCloseStatus closeStatus, string? statusDescription, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            _sent.Add($"close {(int)closeStatus} {statusDescription}");
            _state = _state == WebSocketState.CloseReceived ? WebSocketState.Closed : WebSocketState.CloseSent;
        }

        return Task.CompletedTask;
    }

    public override ValueTask<ValueWebSocketReceiveResult> ReceiveAsync(Memory<byte> buffer, CancellationToken cancellationToken) =>
        new(_clientMessage.Task);

    public override void Abort()
    {
        lock (_gate)
        {
            _state = WebSocketState.Aborted;
        }

        _clientMessage.TrySetException(new WebSocketException(WebSocketError.ConnectionClosedPrematurely));
        _aborted.TrySetResult();
    }

    public override void Dispose()
    {
    }

    public override Task CloseAsync(WebSocketCloseStatus closeStatus, string? statusDescription, CancellationToken cancellationToken) =>
        CloseOutputAsync(closeStatus, statusDescription, cancellationToken);

    public override Task<WebSocketReceiveResult> ReceiveAsync(ArraySegment<byte> buffer, CancellationToken cancellationToken) =>
        throw new NotSupportedException("the gateway receives into Memory<byte>");

    public override Task SendAsync(ArraySegment<byte> buffer, WebSocketMessageType messageType, bool endOfMessage, CancellationToken cancellationToken) =>
        SendAsync(buffer.AsMemory(), messageType, endOfMessage, cancellationToken).AsTask();

    private async Task FinishSendAsync(Task stall)
    {
        await stall;
        lock (_gate)
        {
            _sendsInFlight--;
        }
    }
}
