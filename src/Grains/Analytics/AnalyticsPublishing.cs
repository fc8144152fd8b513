using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Streams;
using Spaces.Contracts.Analytics;

namespace Spaces.Grains.Analytics;

/// <summary>
/// Puts analytics events into a grain's <see cref="AnalyticsOutbox"/> and publishes it, in order, on the streams of
/// <see cref="AnalyticsStreams"/>: each event to its Space's stream and to its firehose partition. With no stream
/// provider registered (<see cref="AnalyticsStreams.ProviderName"/>) analytics are off: nothing is recorded.
/// </summary>
internal sealed partial class AnalyticsPublishing
{
    private readonly IStreamProvider? _streams;
    private readonly ILogger<AnalyticsPublishing> _logger;

    public AnalyticsPublishing(IServiceProvider services, IOptions<AnalyticsOptions> options, ILogger<AnalyticsPublishing> logger)
    {
        _streams = services.GetKeyedService<IStreamProvider>(AnalyticsStreams.ProviderName);
        Options = options.Value;
        _logger = logger;
    }

    public bool Enabled => _streams is not null;

    public AnalyticsOptions Options { get; }

    /// <summary>Appends to the outbox; a full outbox (the provider has refused events for long) drops its oldest.</summary>
    public void Add(AnalyticsOutbox outbox, AnalyticsEvent analyticsEvent)
    {
        if (outbox.Unpublished.Count >= Options.MaxOutbox)
        {
            LogOutboxFull(outbox.Unpublished[0].EventId, Options.MaxOutbox);
            outbox.Unpublished.RemoveAt(0);
        }

        outbox.Unpublished.Add(analyticsEvent);
    }

    /// <summary>
    /// Publishes the outbox in order and removes what went out. The first refusal stops it (order per Space
    /// holds) and is logged, not thrown: the state is stored, and the rest goes out with the grain's next publish.
    /// </summary>
    public async Task PublishAsync(AnalyticsOutbox outbox)
    {
        if (_streams is null)
        {
            return;
        }

        var pending = outbox.Unpublished;
        var count = pending.Count;
        var sent = 0;
        try
        {
            for (; sent < count; sent++)
            {
                var analyticsEvent = pending[sent];
                await _streams.GetStream<AnalyticsEvent>(AnalyticsStreams.SpaceStream(analyticsEvent.SpaceId)).OnNextAsync(analyticsEvent);
                await _streams.GetStream<AnalyticsEvent>(AnalyticsStreams.FirehoseStreamOf(analyticsEvent.SpaceId)).OnNextAsync(analyticsEvent);
            }
        }
        catch (Exception e)
        {
            LogPublishFailed(e, pending[sent].EventId, count - sent);
        }
        finally
        {
            pending.RemoveRange(0, sent);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Analytics outbox full ({MaxOutbox} events): dropped {EventId}, never published")]
    private partial void LogOutboxFull(string eventId, int maxOutbox);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Analytics stream refused {EventId}; it and {Waiting} events in all wait in the outbox for the next publish")]
    private partial void LogPublishFailed(Exception exception, string eventId, int waiting);
}
