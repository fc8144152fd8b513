using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Orleans.Configuration;
using Orleans.Streams;
using Spaces.Contracts.Analytics;
using Spaces.Streams;

namespace Spaces.Cluster.Tests.Infrastructure;

/// <summary>
/// PostgreSQL for everything, analytics streams included: the silos run Orleans' ADO.NET stream provider on the
/// cluster's database (Silo:Streams), and the PubSubStore lives there too.
/// </summary>
public sealed class DurableStreamsDatabase(TestDatabase database) : ClusterDatabase
{
    private readonly PostgreSqlClusterDatabase _cluster = new(database);

    public string ConnectionString => database.ConnectionString;

    public static async Task<DurableStreamsDatabase> CreateAsync() => new(await TestDatabase.CreateAsync());

    public override IReadOnlyDictionary<string, string> SiloSettings => new Dictionary<string, string>(_cluster.SiloSettings)
    {
        ["Silo__Streams__Provider"] = nameof(StreamsProvider.AdoNet),
        // A crashed silo's taken batch comes back after this long (the default is a minute).
        ["Silo__Streams__AdoNet__VisibilityTimeout"] = "00:00:10",
        // Small pages: a session fills several, so reads cross sealed pages and the tail.
        ["AnalyticsArchive__PageSize"] = "10",
    };

    public override IReadOnlyDictionary<string, string> GatewaySettings => new Dictionary<string, string>(_cluster.GatewaySettings)
    {
        ["Gateway__Streams__Provider"] = nameof(StreamsProvider.AdoNet),
        ["Gateway__Streams__AdoNet__ConnectionString"] = database.ConnectionString,
    };

    public override void UseClustering(IClientBuilder client) => _cluster.UseClustering(client);

    public override Task<long> CountRemindersAsync(string spaceId) => _cluster.CountRemindersAsync(spaceId);

    public override ValueTask DisposeAsync() => database.DisposeAsync();
}

/// <summary>
/// An analytics job as a data team writes one: an Orleans client of its own (not the silos', not the gateway's)
/// with the cluster's stream provider, subscribed live to every firehose partition, which also reads the cluster's
/// archive from a checkpoint, and drops repeats by event id. Stop it and start another with the same
/// <see cref="Seen"/> and <see cref="Checkpoints"/> to play a job that was down.
/// </summary>
public sealed class AnalyticsConsumer : IAsyncDisposable, IAsyncObserver<AnalyticsEvent>
{
    private readonly IHost _host;
    private readonly object _gate = new();
    private readonly List<AnalyticsEvent> _events = [];
    private readonly HashSet<string> _ids = new(StringComparer.Ordinal);
    private readonly List<StreamSubscriptionHandle<AnalyticsEvent>> _subscriptions = [];

    private AnalyticsConsumer(IHost host) => _host = host;

    /// <summary>Archive positions already read, per firehose partition.</summary>
    public long[] Checkpoints { get; } = new long[AnalyticsStreams.FirehosePartitions];

    public int DuplicatesDropped { get; private set; }

    /// <summary>New events (not seen before) that <see cref="WaitForAsync"/> got from the archive.</summary>
    public int FromArchive { get; private set; }

    public IClusterClient Client => _host.Services.GetRequiredService<IClusterClient>();

    /// <summary>Every distinct event so far, in the order first seen.</summary>
    public IReadOnlyList<AnalyticsEvent> Seen
    {
        get
        {
            lock (_gate)
            {
                return [.. _events];
            }
        }
    }

    public static async Task<AnalyticsConsumer> StartAsync(ProcessCluster cluster, DurableStreamsDatabase database, bool subscribeLive)
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.UseOrleansClient(client =>
        {
            client.Configure<ClusterOptions>(options =>
            {
                options.ClusterId = cluster.ClusterId;
                options.ServiceId = ProcessCluster.ServiceId;
            });
            client.Configure<GatewayOptions>(gateways => gateways.GatewayListRefreshPeriod = TimeSpan.FromSeconds(1));
            database.UseClustering(client);
            client.AddSpacesStreams(new StreamsOptions
            {
                Provider = StreamsProvider.AdoNet,
                AdoNet = new AdoNetStreamsOptions { ConnectionString = database.ConnectionString },
            });
        });
        var consumer = new AnalyticsConsumer(builder.Build());
        await consumer._host.StartAsync();
        if (subscribeLive)
        {
            var streams = consumer.Client.GetStreamProvider(AnalyticsStreams.ProviderName);
            foreach (var partition in AnalyticsStreams.AllFirehoseStreams())
            {
                consumer._subscriptions.Add(await streams.GetStream<AnalyticsEvent>(partition).SubscribeAsync(consumer));
            }
        }

        return consumer;
    }

    /// <summary>Takes over what an earlier run of the job had seen and read (its stored checkpoint, in a real job).</summary>
    public void Resume(AnalyticsConsumer earlier)
    {
        earlier.Checkpoints.CopyTo(Checkpoints, 0);
        foreach (var seen in earlier.Seen)
        {
            Add(seen);
        }
    }

    /// <summary>Reads every partition's archive from its checkpoint to its end; returns how many new events that brought.</summary>
    public async Task<int> CatchUpAsync(int pageSize = 100)
    {
        var added = 0;
        for (var partition = 0; partition < AnalyticsStreams.FirehosePartitions; partition++)
        {
            while (true)
            {
                var page = await Client.ReadAsync(partition, Checkpoints[partition], pageSize);
                Assert.Equal(0, page.Missed);
                foreach (var archived in page.Events)
                {
                    added += Add(archived.Event) ? 1 : 0;
                    Checkpoints[partition] = archived.Position;
                }

                if (page.Events.Count == 0 || Checkpoints[partition] >= page.LastPosition)
                {
                    break;
                }
            }
        }

        return added;
    }

    /// <summary>The distinct events of one Space, in the order first seen.</summary>
    public IReadOnlyList<AnalyticsEvent> Of(string spaceId) => Seen.Where(e => e.SpaceId == spaceId).ToList();

    /// <summary>
    /// Polls until <paramref name="done"/> holds for the Space's events, reading the archive on from the checkpoints
    /// first on each round when <paramref name="readArchive"/>; fails with what arrived.
    /// </summary>
    public async Task<IReadOnlyList<AnalyticsEvent>> WaitForAsync(
        string spaceId, Func<IReadOnlyList<AnalyticsEvent>, bool> done, TimeSpan timeout, bool readArchive = false)
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            if (readArchive)
            {
                FromArchive += await CatchUpAsync();
            }

            var events = Of(spaceId);
            if (done(events))
            {
                return events;
            }

            Assert.True(clock.Elapsed < timeout,
                $"After {timeout.TotalSeconds:F0} s the consumer had {events.Count} events of the Space: {string.Join(", ", events.Select(Describe))}");
            await Task.Delay(TimeSpan.FromMilliseconds(200));
        }
    }

    public static string Describe(AnalyticsEvent e) => e switch
    {
        SpaceLifecycleEvent lifecycle => $"#{e.Seq} {lifecycle.Change}",
        StageEvent stage => $"#{e.Seq} {stage.Action}",
        _ => $"#{e.Seq} {e.GetType().Name}",
    };

    public Task OnNextAsync(AnalyticsEvent item, StreamSequenceToken? token = null)
    {
        Add(item);
        return Task.CompletedTask;
    }

    public Task OnCompletedAsync() => Task.CompletedTask;

    public Task OnErrorAsync(Exception ex) => Task.CompletedTask;

    /// <summary>A job that stops the orderly way: its live subscriptions end (the archive keeps what comes next), then the client.</summary>
    public async ValueTask DisposeAsync()
    {
        foreach (var subscription in _subscriptions)
        {
            await subscription.UnsubscribeAsync();
        }

        _subscriptions.Clear();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        await _host.StopAsync(timeout.Token).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        _host.Dispose();
    }

    private bool Add(AnalyticsEvent item)
    {
        lock (_gate)
        {
            if (!_ids.Add(item.EventId))
            {
                DuplicatesDropped++;
                return false;
            }

            _events.Add(item);
            return true;
        }
    }
}
