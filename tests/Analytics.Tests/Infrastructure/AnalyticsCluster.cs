using Microsoft.Extensions.DependencyInjection;
using Orleans.TestingHost;
using Spaces.Analytics.Hosting;
using Spaces.Grains;
using Spaces.Grains.Hosting;
using Spaces.LiveKit;
using Spaces.LiveKit.Testing;
using Spaces.Streams;

namespace Spaces.Analytics.Tests.Infrastructure;

/// <summary>
/// One in-process silo with the real grains and memory streams, and its external client, shared by the analytics
/// tests; the job under test subscribes through that client as any cluster client would. Room operations go to a
/// <see cref="LiveKitTestServer"/> on 127.0.0.1. Presence and reactions are batched every 50 ms so a scripted
/// session's batches go out while the test waits for them.
/// </summary>
public sealed class AnalyticsCluster : IAsyncLifetime
{
    private InProcessTestCluster? _cluster;
    private LiveKitTestServer? _liveKit;
    private readonly List<string> _files = [];

    public static readonly TimeSpan BatchInterval = TimeSpan.FromMilliseconds(50);

    public InProcessTestCluster Cluster => _cluster ?? throw new InvalidOperationException("The cluster is not deployed.");

    public IClusterClient Client => Cluster.Client;

    public SpacesOptions Options { get; } = new();

    public async Task InitializeAsync()
    {
        var liveKit = _liveKit = await LiveKitTestServer.StartAsync();
        var builder = new InProcessTestClusterBuilder(1);
        builder.ConfigureSilo((_, silo) =>
        {
            silo.AddMemoryGrainStorage(StorageNames.Spaces);
            silo.UseInMemoryReminderService();
            silo.AddSpacesStreams(new StreamsOptions());
            silo.AddSpacesGrains(silo.Configuration);
            silo.Services.Configure<AnalyticsOptions>(analytics => analytics.BatchInterval = BatchInterval);
            silo.Services.Configure<LiveKitOptions>(liveKit.PointAt);
        });
        builder.ConfigureClient(client => client.AddSpacesStreams(new StreamsOptions()));
        _cluster = builder.Build();
        await _cluster.DeployAsync();
    }

    public async Task DisposeAsync()
    {
        await using (_liveKit)
        {
            await (_cluster?.DisposeAsync() ?? ValueTask.CompletedTask);
        }

        foreach (var file in _files)
        {
            File.Delete(file);
            File.Delete(file + ".wal");
        }
    }

    /// <summary>A DuckDB file path of its own for one job (deleted with the cluster).</summary>
    public string NewDatabasePath()
    {
        var path = Path.Combine(Path.GetTempPath(), $"spaces-analytics-{Guid.NewGuid():N}.duckdb");
        _files.Add(path);
        return path;
    }

    /// <summary>The job, subscribed through the cluster's external client, writing to <paramref name="databasePath"/>.</summary>
    public Task<AnalyticsJob> StartJobAsync(string databasePath) => AnalyticsJob.StartAsync(Client, databasePath, TimeProvider.System);

    /// <summary>Waits until the cluster's archive holds <paramref name="events"/> (it receives them from the streams in the background).</summary>
    public Task WaitArchivedAsync(params AnalyticsEvent[] events) => Eventually.TrueAsync(async () =>
    {
        var archived = new HashSet<string>();
        foreach (var partition in events.Select(e => AnalyticsStreams.FirehosePartitionOf(e.SpaceId)).Distinct())
        {
            var page = await Client.ReadAsync(partition, 0, 10_000);
            archived.UnionWith(page.Events.Select(a => a.Event.EventId));
        }

        return events.All(e => archived.Contains(e.EventId));
    }, "the archive to hold the events");

    /// <summary>The Space's events the cluster's archive holds, once one matches <paramref name="last"/>: the session as the cluster recorded it.</summary>
    public async Task<IReadOnlyList<AnalyticsEvent>> WaitForSpaceEventsAsync(string spaceId, Func<AnalyticsEvent, bool> last)
    {
        IReadOnlyList<AnalyticsEvent> events = [];
        await Eventually.TrueAsync(async () =>
        {
            var page = await Client.ReadAsync(AnalyticsStreams.FirehosePartitionOf(spaceId), 0, 10_000);
            events = [.. page.Events.Select(a => a.Event).Where(e => e.SpaceId == spaceId).DistinctBy(e => e.EventId)];
            return events.Any(last);
        }, $"the archive to hold Space {spaceId}'s events");
        return events;
    }

    /// <summary>Puts <paramref name="e"/> on its Space's firehose partition, as the grains do.</summary>
    public Task PublishAsync(AnalyticsEvent e) =>
        Client.GetStreamProvider(AnalyticsStreams.ProviderName).GetStream<AnalyticsEvent>(AnalyticsStreams.FirehoseStreamOf(e.SpaceId)).OnNextAsync(e);
}

[CollectionDefinition(Name)]
public sealed class AnalyticsCollection : ICollectionFixture<AnalyticsCluster>
{
    public const string Name = "analytics";
}
