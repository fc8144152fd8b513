using Spaces.LiveKit.Protocol;

namespace Spaces.LiveKit.Egress;

// Request and response messages of livekit.Egress (livekit_egress.proto), shared with the test server.

internal static class EgressMethods
{
    public const string PathPrefix = "/twirp/livekit.Egress/";

    public const string StartRoomCompositeEgress = nameof(StartRoomCompositeEgress);
    public const string StopEgress = nameof(StopEgress);
    public const string ListEgress = nameof(ListEgress);
}

internal sealed record StopEgressRequest(string EgressId);

/// <param name="Active">Only egresses that have not ended.</param>
internal sealed record ListEgressRequest(string? RoomName = null, string? EgressId = null, bool Active = false);

internal sealed record ListEgressResponse(IReadOnlyList<EgressInfo>? Items);
