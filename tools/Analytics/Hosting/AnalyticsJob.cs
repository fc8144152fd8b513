using Spaces.Analytics.Aggregation;
using Spaces.Analytics.Storage;

namespace Spaces.Analytics.Hosting;

/// <summary>
/// The job, without its console: opens the DuckDB file (ids already in it count as seen), subscribes to every
/// Space's events, then reads the cluster's archive from the checkpoint in the file, so what happened while the job
/// was down arrives too. On stop it reads the archive once more (anything the live streams missed, and a newer
/// checkpoint), writes what is queued, and answers the summary. Tests drive it directly.
/// </summary>
public sealed class AnalyticsJob : IAsyncDisposable
{
    private readonly EventWarehouse _warehouse;
    private readonly WarehouseWriter _writer;
    private readonly FirehoseSubscription _subscription;
    private readonly ArchiveCatchUp _catchUp;
    private bool _stopped;

    private AnalyticsJob(IClusterClient client, string databasePath, TimeProvider time)
    {
        _warehouse = EventWarehouse.Open(databasePath);
        Aggregator.Remember(_warehouse.EventIds());
        _writer = new WarehouseWriter(Aggregator, _warehouse, time);
        _subscription = new FirehoseSubscription(client, _writer);
        _catchUp = new ArchiveCatchUp(client, _warehouse, _writer);
    }

    public AnalyticsAggregator Aggregator { get; } = new();

    /// <summary>How many events the archive held that the DuckDB file did not have at start (missed while the job was down).</summary>
    public long CaughtUp { get; private set; }

    /// <summary>The job's writer: what a stream callback calls for each event.</summary>
    public WarehouseWriter Writer => _writer;

    public static async Task<AnalyticsJob> StartAsync(IClusterClient client, string databasePath, TimeProvider time)
    {
        var job = new AnalyticsJob(client, databasePath, time);
        job._writer.Start();
        // Live first, then the archive: an event published in between is in one or the other (or both, dropped by id).
        await job._subscription.StartAsync();
        job.CaughtUp = await job._catchUp.ReadToEndAsync();
        return job;
    }

    /// <summary>Unsubscribes, writes every queued event to the file, and returns the summary.</summary>
    public async Task<AnalyticsSummary> StopAsync()
    {
        if (!_stopped)
        {
            _stopped = true;
            await _subscription.StopAsync();
            await _catchUp.ReadToEndAsync();
            await _writer.DisposeAsync();
        }

        return Aggregator.Summary();
    }

    /// <summary>Runs a query on the job's DuckDB file (after <see cref="StopAsync"/>, when every event is written).</summary>
    public IReadOnlyList<IReadOnlyDictionary<string, object?>> Query(string sql) => _warehouse.Query(sql);

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        _warehouse.Dispose();
    }
}
