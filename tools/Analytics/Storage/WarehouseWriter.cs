using System.Threading.Channels;
using Spaces.Analytics.Aggregation;
using Spaces.Analytics.Events;

namespace Spaces.Analytics.Storage;

/// <summary>
/// Where events arrive, from the live streams and from the archive: counted at once by the
/// <see cref="AnalyticsAggregator"/> (repeats dropped there), then written to the DuckDB file by one loop in
/// batches, so a stream callback never waits on the disk. Archive checkpoints travel the same queue, behind the
/// events they cover.
/// </summary>
public sealed class WarehouseWriter(AnalyticsAggregator aggregator, EventWarehouse warehouse, TimeProvider time) : IAsyncDisposable
{
    private const int MaxBatch = 1_000;

    private readonly Channel<Pending> _pending = Channel.CreateUnbounded<Pending>(new UnboundedChannelOptions { SingleReader = true });
    private Task? _loop;

    public void Start() => _loop ??= Task.Run(WriteLoopAsync);

    /// <summary>An event from a live stream; <c>false</c> when its id was seen before (a redelivery, counted as a duplicate).</summary>
    public bool Receive(EventRow e) => Queue(e, aggregator.Accept(e));

    /// <summary>An event read from the archive; the archive overlaps the live streams by design, so a repeat is not counted as a duplicate.</summary>
    public bool ReceiveArchived(EventRow e) => Queue(e, aggregator.Accept(e, countDuplicate: false));

    /// <summary>Records that <paramref name="partition"/>'s archive was read up to <paramref name="position"/>, once the events before it are written.</summary>
    public void Checkpoint(int partition, long position) => _pending.Writer.TryWrite(new Pending(null, (partition, position)));

    /// <summary>Writes what is queued and stops the loop.</summary>
    public async ValueTask DisposeAsync()
    {
        _pending.Writer.TryComplete();
        if (_loop is not null)
        {
            await _loop;
        }
    }

    private bool Queue(EventRow e, bool accepted)
    {
        if (accepted)
        {
            _pending.Writer.TryWrite(new Pending(e, null)); // unbounded: never fails while open
        }

        return accepted;
    }

    private async Task WriteLoopAsync()
    {
        var batch = new List<EventRow>(MaxBatch);
        var checkpoints = new Dictionary<int, long>();
        while (await _pending.Reader.WaitToReadAsync())
        {
            while (batch.Count < MaxBatch && _pending.Reader.TryRead(out var next))
            {
                if (next.Event is { } e)
                {
                    batch.Add(e);
                }
                else if (next.Checkpoint is var (partition, position))
                {
                    checkpoints[partition] = position;
                }
            }

            warehouse.Append(batch, checkpoints, time.GetUtcNow());
            batch.Clear();
            checkpoints.Clear();
        }
    }

    private sealed record Pending(EventRow? Event, (int Partition, long Position)? Checkpoint);
}
