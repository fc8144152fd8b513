using System.Collections.Concurrent;
using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Spaces.Contracts;
using Spaces.LiveKit;
using Spaces.LiveKit.RoomService;

namespace Spaces.Grains.Media;

/// <summary>What the room operations still owe the media server: readiness reads it, and so may diagnostics.</summary>
public interface IMediaBacklog
{
    /// <summary>How many rooms have operations waiting for the media server to come back.</summary>
    int RoomsWaiting { get; }

    /// <summary>How many egress starts are queued or waiting for LiveKit's Egress service (HLS listeners may hear nothing yet).</summary>
    int EgressStartsPending { get; }

    /// <summary>Whether <paramref name="room"/> has an operation queued or in flight.</summary>
    bool HasWork(string room);

    /// <summary>Completes once <paramref name="room"/> has no operation queued or in flight.</summary>
    Task WhenIdleAsync(string room);
}

/// <summary>
/// Applies room operations in order per room, off the grain's turn (architecture rule 5). An unavailable LiveKit
/// is waited out together by every room (<see cref="LiveKitAvailability"/>: one probe with backoff per outage);
/// an operation LiveKit refuses (room or participant gone, bad request) is dropped, since retrying cannot change
/// the answer; once a room is to be closed, whatever still waits before the close is dropped (an ended Space
/// never opens its room nor starts an egress) except egress stops. Egress calls wait out the Egress service's
/// outages on their own <see cref="LiveKitAvailability"/>, so missing egress workers never hold up other rooms.
/// </summary>
internal sealed partial class RoomOperationQueue(
    LiveKitServices liveKit,
    IOptions<SpacesOptions> options,
    TimeProvider time,
    SpacesMetrics metrics,
    ILogger<RoomOperationQueue> logger) : IMediaBacklog, IDisposable
{
    private readonly ConcurrentDictionary<string, RoomWorker> _rooms = new(StringComparer.Ordinal);

    // Workers whose room closed, while they still apply what outlives the close (egress stops) or drop the rest.
    private readonly ConcurrentDictionary<RoomWorker, byte> _retiring = new();
    private readonly CancellationTokenSource _stopping = new();
    private readonly LiveKitServices _liveKit = liveKit;
    private readonly LiveKitAvailability _availability = new(options.Value, time, logger, "LiveKit");
    private readonly LiveKitAvailability _egressAvailability = new(options.Value, time, logger, "LiveKit Egress");
    private readonly SpacesMetrics _metrics = metrics;
    private readonly ILogger _logger = logger;
    private int _disposed;
    private int _egressStartsPending;

    public int RoomsWaiting => _rooms.Values.Concat(_retiring.Keys).Where(worker => worker.IsWaiting).Select(worker => worker.Room).Distinct().Count();

    public int EgressStartsPending => Volatile.Read(ref _egressStartsPending);

    public bool HasWork(string room) => WorkersOf(room).Any(worker => worker.HasWork);

    public Task WhenIdleAsync(string room) => Task.WhenAll(WorkersOf(room).Select(worker => worker.WhenIdle()));

    /// <summary>The room's current worker and any retiring one still draining behind a close.</summary>
    private IEnumerable<RoomWorker> WorkersOf(string room) =>
        _retiring.Keys.Where(worker => worker.Room == room).Concat(_rooms.TryGetValue(room, out var current) ? [current] : []);

    public void Enqueue(string room, RoomOperation operation)
    {
        if (operation is StartEgress)
        {
            Interlocked.Increment(ref _egressStartsPending);
        }

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

    [LoggerMessage(Level = LogLevel.Warning, Message = "LiveKit refused {Operation} for room {Room}; dropped")]
    private static partial void LogRefused(ILogger logger, Exception exception, string room, string operation);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Room {Room} was already gone when it was to be closed")]
    private static partial void LogAlreadyClosed(ILogger logger, string room);

    /// <summary>One room's operations, one at a time, in the order the grain issued them.</summary>
    private sealed class RoomWorker
    {
        private readonly RoomOperationQueue _queue;
        private readonly Channel<RoomOperation> _operations = Channel.CreateUnbounded<RoomOperation>(new UnboundedChannelOptions { SingleReader = true });
        private readonly Lock _gate = new();
        private volatile bool _closing;

        // Operations accepted and not yet finished; _idle is completed when that count drops back to zero.
        private int _unfinished;
        private TaskCompletionSource? _idle;

        public RoomWorker(string room, RoomOperationQueue queue)
        {
            Room = room;
            _queue = queue;
            // Workers are created during a grain's turn; Task.Run starts them on the thread pool so that no await of
            // theirs resumes on (or waits for) that activation's scheduler.
            _ = Task.Run(() => RunAsync(queue._stopping.Token));
        }

        public string Room { get; }

        public bool IsWaiting { get; private set; }

        public bool HasWork => Volatile.Read(ref _unfinished) > 0;

        public Task WhenIdle()
        {
            lock (_gate)
            {
                return _unfinished == 0 ? Task.CompletedTask : (_idle ??= new(TaskCreationOptions.RunContinuationsAsynchronously)).Task;
            }
        }

        public bool TryEnqueue(RoomOperation operation)
        {
            // Counted before the write, so the worker can never finish an operation that is not counted yet.
            lock (_gate)
            {
                _unfinished++;
            }

            if (!_operations.Writer.TryWrite(operation))
            {
                Finished();
                if (operation is StartEgress)
                {
                    // Enqueue counts it again on the fresh worker.
                    Interlocked.Decrement(ref _queue._egressStartsPending);
                }

                return false;
            }

            if (operation is CloseRoom)
            {
                _closing = true;
            }

            return true;
        }

        private async Task RunAsync(CancellationToken cancellationToken)
        {
            try
            {
                await foreach (var operation in _operations.Reader.ReadAllAsync(cancellationToken))
                {
                    await ApplyAsync(operation, cancellationToken);
                    if (operation is StartEgress)
                    {
                        Interlocked.Decrement(ref _queue._egressStartsPending);
                    }

                    if (operation is CloseRoom)
                    {
                        // The room is gone: this worker drains what is left and retires. It stays visible to the
                        // backlog until drained (added before it leaves the rooms, so it is never missing from both).
                        _queue._retiring.TryAdd(this, 0);
                        _queue._rooms.TryRemove(new KeyValuePair<string, RoomWorker>(Room, this));
                        _operations.Writer.TryComplete();
                    }

                    Finished();
                }
            }
            catch (OperationCanceledException)
            {
                // The silo is stopping.
            }
            finally
            {
                _queue._retiring.TryRemove(this, out _);
            }
        }

        private void Finished()
        {
            TaskCompletionSource? idle = null;
            lock (_gate)
            {
                if (--_unfinished == 0)
                {
                    (idle, _idle) = (_idle, null);
                }
            }

            idle?.TrySetResult();
        }

        private async Task ApplyAsync(RoomOperation operation, CancellationToken cancellationToken)
        {
            var availability = operation.UsesEgress ? _queue._egressAvailability : _queue._availability;
            while (true)
            {
                IsWaiting = availability.IsDown;
                var probing = await availability.WaitTurnAsync(cancellationToken);
                if (_closing && !operation.OutlivesClose)
                {
                    // The Space ended: its room is about to close, so this change (even opening it, or starting an egress) is moot.
                    availability.Abandon(probing);
                    _queue._metrics.MediaOperation("collapsed");
                    IsWaiting = false;
                    return;
                }

                try
                {
                    await operation.ApplyAsync(_queue._liveKit, Room, cancellationToken);
                    availability.Answered();
                    _queue._metrics.MediaOperation("applied");
                    IsWaiting = false;
                    return;
                }
                catch (LiveKitUnavailableException e)
                {
                    _queue._metrics.MediaOperation("retried");
                    IsWaiting = true;
                    availability.Unavailable(e, probing);
                }
                catch (LiveKitException e)
                {
                    // A refusal is an answer: LiveKit is up, and this room no longer waits for it (else readiness stays degraded).
                    availability.Answered();
                    _queue._metrics.MediaOperation("dropped");
                    if (operation is CloseRoom)
                    {
                        LogAlreadyClosed(_queue._logger, Room);
                    }
                    else
                    {
                        LogRefused(_queue._logger, e, Room, operation.GetType().Name);
                    }

                    IsWaiting = false;
                    return;
                }
            }
        }
    }
}
