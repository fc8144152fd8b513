using Spaces.Contracts;
using Spaces.LiveKit;
using Spaces.LiveKit.Protocol;

namespace Spaces.Grains.Media;

/// <summary>
/// Starts one egress of the room. LiveKit's answer goes back to the Space at once — the egress id it needs to stop
/// it, or the refusal that lets it try again later; a start that was never sent (the Space ended first) is moot.
/// </summary>
internal sealed record StartEgress(EgressKind Kind, RoomCompositeEgressRequest Request) : RoomOperation
{
    public override bool UsesEgress => true;

    public override async Task ApplyAsync(LiveKitServices liveKit, string room, CancellationToken cancellationToken)
    {
        EgressInfo started;
        try
        {
            started = await liveKit.Egress.StartRoomCompositeEgressAsync(Request, cancellationToken);
        }
        catch (LiveKitException e) when (e is not LiveKitUnavailableException)
        {
            // Refused (room gone, bad request): retrying the same call cannot help, the Space decides what next.
            var refused = new EgressReport(null, Kind, EgressPhase.Failed, e.Message);
            await liveKit.ReportAsync(room, new MediaEvent($"egress-refused-{Guid.NewGuid():N}", MediaEventKind.EgressChanged, null, null, refused));
            throw;
        }

        await liveKit.ReportAsync(room, new MediaEvent($"egress-answer-{started.EgressId}", MediaEventKind.EgressChanged, null, null, EgressReports.Of(started, Kind)));
    }
}

/// <summary>Stops one egress; applied even when the room closes right after (an egress LiveKit no longer runs is a refusal, dropped).</summary>
internal sealed record StopEgress(string EgressId) : RoomOperation
{
    public override bool OutlivesClose => true;

    public override bool UsesEgress => true;

    public override Task ApplyAsync(LiveKitServices liveKit, string room, CancellationToken cancellationToken) =>
        liveKit.Egress.StopEgressAsync(EgressId, cancellationToken);
}
