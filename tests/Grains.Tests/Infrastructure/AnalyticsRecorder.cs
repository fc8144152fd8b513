using System.Collections.Concurrent;
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
    private readonly ConcurrentQueue<AnalyticsEvent> _deliveries = new();
    private readonly List<StreamSubscriptionHandle<AnalyticsEvent>> _subscriptions = [];

    private AnalyticsRecorder()
    {
    }

    public static Task<AnalyticsRecorder> FirehoseAsync(IClusterClient client) =>
        SubscribeAsync(client, AnalyticsStreams.AllFirehoseStreams());

    public static Task<AnalyticsRecorder> SpaceAsync(IClusterClient client, string spaceId) =>
        SubscribeAsync(client, [AnalyticsStreams.SpaceStream(spaceId)]);

    /// <summary>Every delivery of the Space's events, repeats included, in arrival order.</summary>
    public IReadOnlyList<AnalyticsEvent> DeliveriesOf(string spaceId) => [.. _deliveries.Where(e => e.SpaceId == spaceId)];

    /// <summary>The Space's events as a consumer keeps them: first delivery of each event id, in arrival order.</summary>
    public IReadOnlyList<AnalyticsEvent> EventsOf(string spaceId) => [.. DeliveriesOf(spaceId).DistinctBy(e => e.EventId)];

    /// <summary>Waits (bounded) until the Space's events satisfy <paramref name="done"/>.</summary>
    public Task<IReadOnlyList<AnalyticsEvent>> UntilAsync(string spaceId, Func<IReadOnlyList<AnalyticsEvent>, bool> done, string what) =>
        Eventually.MatchesAsync(() => Task.FromResult(EventsOf(spaceId)), done, what);

    public async ValueTask DisposeAsync()
    {
        foreach (var subscription in _subscriptions)
        {
            await subscription.UnsubscribeAsync();
        }
    }

    private static async Task<AnalyticsRecorder> SubscribeAsync(IClusterClient client, IEnumerable<StreamId> streams)
    {
        var recorder = new AnalyticsRecorder();
        var provider = client.GetStreamProvider(AnalyticsStreams.ProviderName);
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
