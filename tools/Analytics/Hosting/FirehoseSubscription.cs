using Orleans.Streams;
using Spaces.Analytics.Events;
using Spaces.Analytics.Storage;
using Spaces.Contracts.Analytics;

namespace Spaces.Analytics.Hosting;

/// <summary>
/// The job's subscriptions: one per firehose partition (<see cref="AnalyticsStreams.AllFirehoseStreams"/>), so every
/// Space's events arrive without the job knowing any Space id. Each event goes to the <see cref="WarehouseWriter"/>.
/// </summary>
public sealed class FirehoseSubscription(IClusterClient client, WarehouseWriter writer)
{
    private readonly List<StreamSubscriptionHandle<AnalyticsEvent>> _handles = [];

    public async Task StartAsync()
    {
        var provider = client.GetStreamProvider(AnalyticsStreams.ProviderName);
        foreach (var streamId in AnalyticsStreams.AllFirehoseStreams())
        {
            var stream = provider.GetStream<AnalyticsEvent>(streamId);
            _handles.Add(await stream.SubscribeAsync((e, _) =>
            {
                writer.Receive(EventRows.From(e));
                return Task.CompletedTask;
            }));
        }
    }

    public async Task StopAsync()
    {
        foreach (var handle in _handles)
        {
            await handle.UnsubscribeAsync();
        }

        _handles.Clear();
    }
}
