using System.Diagnostics.Metrics;
using Spaces.Contracts;

namespace Spaces.Grains;

/// <summary>The domain's own instruments, on the "Spaces" meter beside what Orleans and ASP.NET Core emit.</summary>
public sealed class SpacesMetrics
{
    public const string MeterName = "Spaces";

    private readonly Counter<long> _joins;
    private readonly Counter<long> _eventsPublished;
    private readonly Counter<long> _gatewayMessages;
    private readonly Counter<long> _mediaOperations;

    public SpacesMetrics(IMeterFactory meterFactory)
    {
        var meter = meterFactory.Create(MeterName);
        _joins = meter.CreateCounter<long>("spaces.joins", "{join}", "Joins, by role.");
        _eventsPublished = meter.CreateCounter<long>("spaces.events.published", "{event}", "Space events published, by type.");
        _gatewayMessages = meter.CreateCounter<long>(
            "spaces.events.gateway_messages", "{message}", "Grain-to-gateway messages carrying Space events (one per gateway per event).");
        _mediaOperations = meter.CreateCounter<long>("spaces.media.operations", "{operation}", "LiveKit room operations, by outcome (applied, retried, dropped).");
    }

    public void Joined(Role role) => _joins.Add(1, new KeyValuePair<string, object?>("role", role.ToString()));

    public void MediaOperation(string outcome) => _mediaOperations.Add(1, new KeyValuePair<string, object?>("outcome", outcome));

    public void Published(SpaceEvent spaceEvent, int gateways)
    {
        _eventsPublished.Add(1, new KeyValuePair<string, object?>("type", spaceEvent.GetType().Name));
        _gatewayMessages.Add(gateways);
    }
}
