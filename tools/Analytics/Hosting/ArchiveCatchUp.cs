using Spaces.Analytics.Events;
using Spaces.Analytics.Storage;
using Spaces.Contracts.Analytics;

namespace Spaces.Analytics.Hosting;

/// <summary>
/// What happened while the job was away: each firehose partition's archive (<see cref="AnalyticsArchive"/>), read
/// from the position saved in the DuckDB file to the end, every event handed to the <see cref="WarehouseWriter"/>
/// (repeats of live events are dropped there), and the new position saved behind them.
/// </summary>
internal sealed class ArchiveCatchUp(IGrainFactory grains, EventWarehouse warehouse, WarehouseWriter writer)
{
    private const int PageSize = 1_000;

    // Read from the file once, before the writer owns the connection; kept here from then on.
    private readonly long[] _positions = [.. Enumerable.Range(0, AnalyticsStreams.FirehosePartitions).Select(warehouse.Checkpoint)];

    /// <summary>Reads every partition to its end; returns how many archived events were new to the job.</summary>
    public async Task<long> ReadToEndAsync()
    {
        long added = 0;
        for (var partition = 0; partition < AnalyticsStreams.FirehosePartitions; partition++)
        {
            var position = _positions[partition];
            while (true)
            {
                var page = await grains.ReadAsync(partition, position, PageSize);
                foreach (var archived in page.Events)
                {
                    added += writer.ReceiveArchived(EventRows.From(archived.Event)) ? 1 : 0;
                    position = archived.Position;
                }

                if (page.Events.Count == 0 || position >= page.LastPosition)
                {
                    break;
                }
            }

            _positions[partition] = position;
            writer.Checkpoint(partition, position);
        }

        return added;
    }
}
