using Microsoft.Extensions.Options;
using Spaces.LiveKit.Protocol;
using Spaces.LiveKit.Tokens;
using Spaces.LiveKit.Twirp;

namespace Spaces.LiveKit.Egress;

/// <summary>
/// Client for LiveKit's Egress Twirp API: start a room-composite egress (HLS segments and/or a file), stop it,
/// list egresses. Every call needs the <c>roomRecord</c> grant. Progress after the start arrives as egress
/// webhooks (<see cref="Webhooks.WebhookEvent.EgressInfo"/>). Failures surface as <see cref="LiveKitException"/> subtypes.
/// </summary>
public sealed class EgressClient
{
    private static readonly VideoGrant RecordGrant = new() { RoomRecord = true };

    private readonly TwirpClient _twirp;

    public EgressClient(HttpClient http, IOptions<LiveKitOptions> options, AccessTokenIssuer tokens)
    {
        ArgumentNullException.ThrowIfNull(options);
        _twirp = new TwirpClient(http, options.Value, tokens, EgressMethods.PathPrefix);
    }

    /// <summary>Starts mixing the room into the request's outputs; the egress starts in <see cref="EgressStatus.Starting"/>.</summary>
    /// <exception cref="ArgumentException">The request names no room or has no output.</exception>
    public Task<EgressInfo> StartRoomCompositeEgressAsync(RoomCompositeEgressRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (string.IsNullOrEmpty(request.RoomName))
        {
            throw new ArgumentException("RoomName must name the room to record.", nameof(request));
        }

        if (request.FileOutputs.Count == 0 && request.SegmentOutputs.Count == 0)
        {
            throw new ArgumentException("At least one FileOutputs or SegmentOutputs entry is required.", nameof(request));
        }

        return _twirp.CallAsync<RoomCompositeEgressRequest, EgressInfo>(EgressMethods.StartRoomCompositeEgress, request, RecordGrant, cancellationToken);
    }

    /// <summary>Asks the egress to finish; it reports <see cref="EgressStatus.Ending"/> and later ends with an egress_ended webhook.</summary>
    /// <exception cref="LiveKitNotFoundException">No such egress.</exception>
    /// <exception cref="LiveKitException">The egress has already ended (Twirp "failed_precondition").</exception>
    public Task<EgressInfo> StopEgressAsync(string egressId, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(egressId);
        return _twirp.CallAsync<StopEgressRequest, EgressInfo>(EgressMethods.StopEgress, new StopEgressRequest(egressId), RecordGrant, cancellationToken);
    }

    /// <param name="roomName">Only this room's egresses; all rooms when null.</param>
    /// <param name="egressId">Only this egress; any when null.</param>
    /// <param name="activeOnly">Only egresses that have not ended.</param>
    public async Task<IReadOnlyList<EgressInfo>> ListEgressAsync(
        string? roomName = null, string? egressId = null, bool activeOnly = false, CancellationToken cancellationToken = default)
    {
        var response = await _twirp.CallAsync<ListEgressRequest, ListEgressResponse>(
            EgressMethods.ListEgress, new ListEgressRequest(roomName, egressId, activeOnly), RecordGrant, cancellationToken).ConfigureAwait(false);
        return response.Items ?? [];
    }
}
