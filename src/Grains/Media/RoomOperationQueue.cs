using System.Collections.Concurrent;
using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Spaces.Contracts;
using Spaces.LiveKit;
using Spaces.LiveKit.RoomService;

namespace Spaces.Grains.Media;

/// <summary>How many rooms have operations waiting for the media server to come back (readiness reads it).</summary>
public interface IMediaBacklog
{
    int RoomsWaiting { get; }
}

/// <summary>
/// Applies room operations in order per room, off the grain's turn (architecture rule 5): an unavailable
/// LiveKit is retried with exponential backoff until it answers; an operation LiveKit refuses (room or
/// participant gone, bad request) is dropped, since retrying cannot change the answer.
/// </summary>
internal sealed partial class RoomOperationQueue(
    RoomServiceClient client,
    IOptions<SpacesOptions> options,
    TimeProvider time,
    SpacesMetrics metrics,
    ILogger<RoomOperationQueue> logger) : IMediaBacklog, IDisposable
{
    private readonly ConcurrentDictionary<string, RoomWorker> _rooms = new(StringComparer.Ordinal);
    private readonly CancellationTokenSource _stopping = new();
    private readonly RoomServiceClient _client = client;
    private readonly SpacesOptions _options = options.Value;
    private readonly TimeProvider _time = time;
    private readonly SpacesMetrics _metrics = metrics;
    private readonly ILogger _logger = logger;
    private int _disposed;

    public int RoomsWaiting => _rooms.Values.Count(room => room.IsWaiting);

    public void Enqueue(string room, RoomOperation operation)
    {
        while (!_rooms.GetOrAdd(room, name => new RoomWorker(name, this)).TryEnqueue(operation))
        {
            // That room's worker just finished with a closed room; the next GetOrAdd makes a fresh one.
        }
    }

    public void Dispose()
    {
        // Registered as itself and as IMediaBacklog, so the container disposes this one instance twice.
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
        {
            return;
        }

        _stopping.Cancel();
        _stopping.Dispose();
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "LiveKit is unavailable for room {Room}; retrying {Operation} with backoff")]
    private static partial void LogRetrying(ILogger logger, Exception exception, string room, string operation);

    [LoggerMessage(Level = LogLevel.Information, Message = "LiveKit answers again for room {Room}")]
    private static partial void LogRecovered(ILogger logger, string room);

    [LoggerMessage(Level = LogLevel.Warning, Message = "LiveKit refused {Operation} for room {Room}; dropped")]
    private static partial void LogRefused(ILogger logger, Exception exception, string room, string operation);

    /// <summary>One room's operations, one at a time, in the order the grain issued them.</summary>
    private sealed class RoomWorker
    {
        private readonly string _room;
        private readonly RoomOperationQueue _queue;
        private readonly Channel<RoomOperation> _operations = Channel.CreateUnbounded<RoomOperation>(new UnboundedChannelOptions { SingleReader = true });

        public RoomWorker(string room, RoomOperationQueue queue)
        {
            _room = room;
            _queue = queue;
            _ = RunAsync(queue._stopping.Token);
        }

        public bool IsWaiting { get; private set; }

        public bool TryEnqueue(RoomOperation operation) => _operations.Writer.TryWrite(operation);

        private async Task RunAsync(CancellationToken cancellationToken)
        {
            try
            {
                await foreach (var operation in _operations.Reader.ReadAllAsync(cancellationToken))
                {
                    await ApplyAsync(operation, cancellationToken);
                    if (operation is CloseRoom)
                    {
                        // The room is gone: this worker drains what is left and retires.
                        _queue._rooms.TryRemove(new KeyValuePair<string, RoomWorker>(_room, this));
                        _operations.Writer.TryComplete();
                    }
                }
            }
            catch (OperationCanceledException)
            {
                // The silo is stopping.
            }
        }

        private async Task ApplyAsync(RoomOperation operation, CancellationToken cancellationToken)
        {
            var options = _queue._options;
            var delay = options.MediaRetryInitialDelay;
            while (true)
            {
                try
                {
                    await operation.ApplyAsync(_queue._client, _room, cancellationToken);
                    _queue._metrics.MediaOperation("applied");
                    if (IsWaiting)
                    {
                        IsWaiting = false;
                        LogRecovered(_queue._logger, _room);
                    }

                    return;
                }
                catch (LiveKitUnavailableException e)
                {
                    _queue._metrics.MediaOperation("retried");
                    if (!IsWaiting)
                    {
                        IsWaiting = true;
                        LogRetrying(_queue._logger, e, _room, operation.GetType().Name);
                    }

                    // Full jitter, so rooms that failed together do not retry together.
                    await Task.Delay(delay * (0.5 + Random.Shared.NextDouble() / 2), _queue._time, cancellationToken);
                    delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, options.MediaRetryMaxDelay.Ticks));
                }
                catch (LiveKitException e)
                {
                    _queue._metrics.MediaOperation("dropped");
                    LogRefused(_queue._logger, e, _room, operation.GetType().Name);
                    // A refusal is an answer: this room no longer waits for LiveKit (else readiness stays degraded).
                    IsWaiting = false;
                    return;
                }
            }
        }
    }
}
