using Spaces.Analytics.Aggregation;
using Spaces.Analytics.Storage;

namespace Spaces.Analytics.Hosting;

/// <summary>
/// The job, without its console: opens the DuckDB file (ids already in it count as seen), subscribes to every
/// Space's events, and on stop writes what is queued and answers the summary. Tests drive it directly.
/// </summary>
public sealed class AnalyticsJob : IAsyncDisposable
{
    private readonly EventWarehouse _warehouse;
    private readonly WarehouseWriter _writer;
    private readonly FirehoseSubscription _subscription;
    private bool _stopped;

    private AnalyticsJob(IClusterClient client, string databasePath, TimeProvider time)
    {
        _warehouse = EventWarehouse.Open(databasePath);
        Aggregator.Remember(_warehouse.EventIds());
        _writer = new WarehouseWriter(Aggregator, _warehouse, time);
        _subscription = new FirehoseSubscription(client, _writer);
    }

    public AnalyticsAggregator Aggregator { get; } = new();

    /// <summary>The job's writer: what a stream callback calls for each event.</summary>
    public WarehouseWriter Writer => _writer;

    public static async Task<AnalyticsJob> StartAsync(IClusterClient client, string databasePath, TimeProvider time)
    {
        var job = new AnalyticsJob(client, databasePath, time);
        job._writer.Start();
        await job._subscription.StartAsync();
        return job;
    }

    /// <summary>Unsubscribes, writes every queued event to the file, and returns the summary.</summary>
    public async Task<AnalyticsSummary> StopAsync()
    {
        if (!_stopped)
        {
            _stopped = true;
            await _subscription.StopAsync();
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
