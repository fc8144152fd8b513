using System.Collections.Concurrent;
using Microsoft.Extensions.Time.Testing;
using Orleans.Streams;
using Spaces.Contracts.Analytics;

namespace Spaces.Grains.Tests.Infrastructure;

/// <summary>
/// An external analytics consumer: the cluster client subscribed, like tools/Analytics, to every firehose partition
/// or to one Space's stream by id. Keeps every delivery (repeats included) and reads them back as a consumer
/// does: one Space's events, repeats dropped by event id.
/// </summary>
public sealed class AnalyticsRecorder : IAsyncDisposable
{
    /// <summary>
    /// The memory streams' pulling agents poll on silo timers, which follow the fake clock: each look while waiting
    /// moves it by one poll period (Orleans' default, 100 ms), so deliveries flow.
    /// </summary>
    private static readonly TimeSpan AgentPollPeriod = TimeSpan.FromMilliseconds(100);

    private readonly ConcurrentQueue<AnalyticsEvent> _deliveries = new();
    private readonly List<StreamSubscriptionHandle<AnalyticsEvent>> _subscriptions = [];
    private readonly FakeTimeProvider _time;

    private AnalyticsRecorder(FakeTimeProvider time)
    {
        _time = time;
    }

    public static Task<AnalyticsRecorder> FirehoseAsync(ClusterFixture cluster) =>
        SubscribeAsync(cluster, AnalyticsStreams.AllFirehoseStreams());

    public static Task<AnalyticsRecorder> SpaceAsync(ClusterFixture cluster, string spaceId) =>
        SubscribeAsync(cluster, [AnalyticsStreams.SpaceStream(spaceId)]);

    /// <summary>Every delivery of the Space's events, repeats included, in arrival order.</summary>
    public IReadOnlyList<AnalyticsEvent> DeliveriesOf(string spaceId) => [.. _deliveries.Where(e => e.SpaceId == spaceId)];

    /// <summary>The Space's events as a consumer keeps them: first delivery of each event id, in arrival order.</summary>
    public IReadOnlyList<AnalyticsEvent> EventsOf(string spaceId) => [.. DeliveriesOf(spaceId).DistinctBy(e => e.EventId)];

    /// <summary>Waits (bounded) until the Space's events satisfy <paramref name="done"/>.</summary>
    public Task<IReadOnlyList<AnalyticsEvent>> UntilAsync(string spaceId, Func<IReadOnlyList<AnalyticsEvent>, bool> done, string what) =>
        Eventually.MatchesAsync(() => Look(() => EventsOf(spaceId)), done, what);

    /// <summary>Waits (bounded) until the Space's deliveries, repeats included, satisfy <paramref name="done"/>.</summary>
    public Task<IReadOnlyList<AnalyticsEvent>> UntilDeliveredAsync(string spaceId, Func<IReadOnlyList<AnalyticsEvent>, bool> done, string what) =>
        Eventually.MatchesAsync(() => Look(() => DeliveriesOf(spaceId)), done, what);

    public async ValueTask DisposeAsync()
    {
        foreach (var subscription in _subscriptions)
        {
            await subscription.UnsubscribeAsync();
        }
    }

    private Task<IReadOnlyList<AnalyticsEvent>> Look(Func<IReadOnlyList<AnalyticsEvent>> read)
    {
        _time.Advance(AgentPollPeriod);
        return Task.FromResult(read());
    }

    private static async Task<AnalyticsRecorder> SubscribeAsync(ClusterFixture cluster, IEnumerable<StreamId> streams)
    {
        var recorder = new AnalyticsRecorder(cluster.Time);
        var provider = cluster.Client.GetStreamProvider(AnalyticsStreams.ProviderName);
        foreach (var stream in streams)
        {
            recorder._subscriptions.Add(await provider.GetStream<AnalyticsEvent>(stream).SubscribeAsync((analyticsEvent, _) =>
            {
                recorder._deliveries.Enqueue(analyticsEvent);
                return Task.CompletedTask;
            }));
        }

        return recorder;
    }
}
