using Orleans.Concurrency;

namespace Spaces.Contracts;

/// <summary>One gateway's inbox for a Space's events: the grain sends each event once per gateway, never per listener.</summary>
public interface ISpaceEventObserver : IGrainObserver
{
    [OneWay]
    Task OnSpaceEventAsync(SpaceEvent spaceEvent);
}

/// <summary>A resume answer: the events after the asked seq, or (when those are gone) a <see cref="Resync"/>.</summary>
[GenerateSerializer, Immutable]
public sealed record EventReplay(
    [property: Id(0)] IReadOnlyList<SpaceEvent> Events,
    [property: Id(1)] Resync? Resync);
