using System.Threading.Channels;
using Spaces.Analytics.Aggregation;
using Spaces.Analytics.Events;

namespace Spaces.Analytics.Storage;

/// <summary>
/// Where the stream callbacks hand events: counted at once by the <see cref="AnalyticsAggregator"/> (duplicates
/// dropped there), then written to the DuckDB file by one loop in batches, so a callback never waits on the disk.
/// </summary>
public sealed class WarehouseWriter(AnalyticsAggregator aggregator, EventWarehouse warehouse, TimeProvider time) : IAsyncDisposable
{
    private const int MaxBatch = 1_000;

    private readonly Channel<EventRow> _pending = Channel.CreateUnbounded<EventRow>(new UnboundedChannelOptions { SingleReader = true });
    private Task? _loop;

    public void Start() => _loop ??= Task.Run(WriteLoopAsync);

    /// <summary>Counts and queues <paramref name="e"/>; <c>false</c> when its id was seen before.</summary>
    public bool Receive(EventRow e)
    {
        if (!aggregator.Accept(e))
        {
            return false;
        }

        _pending.Writer.TryWrite(e); // unbounded: never fails while open
        return true;
    }

    /// <summary>Writes what is queued and stops the loop.</summary>
    public async ValueTask DisposeAsync()
    {
        _pending.Writer.TryComplete();
        if (_loop is not null)
        {
            await _loop;
        }
    }

    private async Task WriteLoopAsync()
    {
        var batch = new List<EventRow>(MaxBatch);
        while (await _pending.Reader.WaitToReadAsync())
        {
            while (batch.Count < MaxBatch && _pending.Reader.TryRead(out var e))
            {
                batch.Add(e);
            }

            warehouse.Append(batch, time.GetUtcNow());
            batch.Clear();
        }
    }
}
