using Spaces.Contracts;

namespace Spaces.Grains.Rooms;

/// <summary>
/// Receives every sequenced event of every Space, inside the SpaceGrain's turn; where the analytics streams
/// hang off. Register implementations in DI; keep them quick (queue, don't call out).
/// </summary>
public interface ISpaceEventSink
{
    Task OnSpaceEventAsync(SpaceEvent spaceEvent);
}
