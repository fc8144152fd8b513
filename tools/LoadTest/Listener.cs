using System.Buffers;
using System.Diagnostics;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;

namespace Spaces.LoadTest;

/// <summary>
/// One audience member's socket: reads every event of its Space, keeps each one's seq and arrival time
/// (a Stopwatch timestamp, which on Linux is the system-wide monotonic clock, so workers on the same box compare).
/// </summary>
public sealed class Listener : IAsyncDisposable
{
    /// <summary>SignalR's JSON hub protocol ends every message with this byte.</summary>
    public const byte RecordSeparator = 0x1e;

    private readonly bool _signalR;
    private readonly List<Arrival> _arrivals = [];
    private readonly TaskCompletionSource<long> _subscribed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private Task _receiving = Task.CompletedTask;
    private long _maxSeq = -1;
    private volatile bool _disposing;

    public Listener(string room, bool signalR)
    {
        Room = room;
        _signalR = signalR;
    }

    public string Room { get; }

    public ClientWebSocket Socket { get; } = new();

    /// <summary>The seq the subscription is live after: every later seq is expected.</summary>
    public Task<long> Subscribed => _subscribed.Task;

    public long MaxSeq => Interlocked.Read(ref _maxSeq);

    public int OutOfOrder { get; private set; }

    public string? Failure { get; private set; }

    /// <summary>Each stage change's seq as it arrives; set for the host's own socket, which maps triggers to seqs.</summary>
    public Action<long>? OnStageChanged { get; init; }

    public IReadOnlyList<Arrival> Arrivals => _arrivals;

    public void StartReceiving() => _receiving = Task.Run(ReceiveLoopAsync);

    public Task SendTextAsync(string text, CancellationToken cancellationToken) =>
        Socket.SendAsync(Encoding.UTF8.GetBytes(text), WebSocketMessageType.Text, true, cancellationToken);

    public async ValueTask DisposeAsync()
    {
        _disposing = true;
        Socket.Abort();
        await _receiving.ConfigureAwait(false);
        Socket.Dispose();
    }

    private async Task ReceiveLoopAsync()
    {
        var buffer = new ArrayBufferWriter<byte>(4096);
        try
        {
            while (Socket.State == WebSocketState.Open)
            {
                buffer.ResetWrittenCount();
                ValueWebSocketReceiveResult result;
                do
                {
                    result = await Socket.ReceiveAsync(buffer.GetMemory(4096), CancellationToken.None).ConfigureAwait(false);
                    buffer.Advance(result.Count);
                }
                while (!result.EndOfMessage);

                if (result.MessageType == WebSocketMessageType.Close)
                {
                    Failure ??= $"closed by the server: {Socket.CloseStatus} {Socket.CloseStatusDescription}";
                    break;
                }

                var arrivedAt = Stopwatch.GetTimestamp();
                if (_signalR)
                {
                    foreach (var record in SplitRecords(buffer.WrittenMemory))
                    {
                        ReadSignalRMessage(record.Span, arrivedAt);
                    }
                }
                else
                {
                    ReadEvent(JsonDocument.Parse(buffer.WrittenMemory).RootElement, arrivedAt);
                }
            }
        }
        catch (Exception e) when (_disposing && e is WebSocketException or OperationCanceledException)
        {
            // Disposed at the end of the run.
        }
        catch (Exception e) when (e is WebSocketException or JsonException or OperationCanceledException)
        {
            Failure ??= $"{e.GetType().Name}: {e.Message}";
        }
        finally
        {
            _subscribed.TrySetException(new InvalidOperationException(Failure ?? "the socket closed before the subscription was confirmed"));
        }
    }

    private static IEnumerable<ReadOnlyMemory<byte>> SplitRecords(ReadOnlyMemory<byte> frame)
    {
        while (frame.Length > 0)
        {
            var end = frame.Span.IndexOf(RecordSeparator);
            if (end < 0)
            {
                yield break;
            }

            yield return frame[..end];
            frame = frame[(end + 1)..];
        }
    }

    /// <summary>Type 1 is an invocation (our "event"), 3 the completion of Join (its result is the room's seq).</summary>
    private void ReadSignalRMessage(ReadOnlySpan<byte> json, long arrivedAt)
    {
        var message = JsonDocument.Parse(json.ToArray()).RootElement;
        if (!message.TryGetProperty("type", out var type))
        {
            return; // the handshake answer {}
        }

        switch (type.GetInt32())
        {
            case 1 when message.GetProperty("target").ValueEquals("event"u8):
                ReadEvent(message.GetProperty("arguments")[0], arrivedAt);
                break;
            case 3 when message.TryGetProperty("result", out var seq):
                _subscribed.TrySetResult(seq.GetInt64());
                break;
            case 3:
                Failure ??= "Join failed: " + message.GetProperty("error").GetString();
                break;
        }
    }

    private void ReadEvent(JsonElement frame, long arrivedAt)
    {
        var type = frame.GetProperty("type").GetString();
        if (type == "subscribed")
        {
            _subscribed.TrySetResult(frame.GetProperty("seq").GetInt64());
            return;
        }

        if (type == "error")
        {
            Failure ??= "error frame: " + frame.GetRawText();
            return;
        }

        if (!frame.TryGetProperty("seq", out var seqElement) || !frame.TryGetProperty("space_id", out _))
        {
            return; // pong, notification: not Space events
        }

        var seq = seqElement.GetInt64();
        var stageChange = type == "stage.changed";
        if (seq <= MaxSeq)
        {
            OutOfOrder++;
        }
        else
        {
            Interlocked.Exchange(ref _maxSeq, seq);
        }

        _arrivals.Add(new Arrival(seq, arrivedAt, stageChange));
        if (stageChange)
        {
            OnStageChanged?.Invoke(seq);
        }
    }
}

/// <summary>One event as one listener received it.</summary>
public readonly record struct Arrival(long Seq, long Timestamp, bool StageChange);
