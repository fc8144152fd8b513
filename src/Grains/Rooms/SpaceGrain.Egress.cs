using Microsoft.Extensions.Logging;
using Spaces.Contracts;

namespace Spaces.Grains.Rooms;

/// <summary>
/// The audience tiers and the egress behind them (product.md "Media"; architecture: "Egress"). Listeners take WebRTC
/// seats up to <see cref="SpacesOptions.MaxRealtimeListeners"/>; the next one gets the HLS playlist and makes the
/// Space want its HLS egress, which then runs until the Space ends: started through the room's queue (state first),
/// its id learned from LiveKit's answer or webhook, restarted when it ends on its own while the Space is live, and
/// never started, or stopped, once the Space has ended. When seats free up, HLS listeners are offered them.
/// </summary>
internal sealed partial class SpaceGrain
{
    // The free seats last offered (soft): an offer goes out when that number changes, at the live timer's pace.
    private int _seatsOffered;

    private EgressStarts EgressStarts { get; } = new();

    /// <summary>How a listener who joins reaches the audio: a WebRTC seat while one is free, else HLS (and the HLS egress is wanted from then on).</summary>
    private async Task<MediaAccess> ListenerMediaAsync(string userId)
    {
        if (Presence.AdmitListener(userId, Options.MaxRealtimeListeners) == MediaKind.WebRtc)
        {
            return MediaAccessFor(userId, Role.Listener);
        }

        if (WantEgress(EgressKind.Hls))
        {
            // Bookkeeping, not a change anyone made: no updated_at, no event.
            await base.CommitAsync();
        }

        return _media.HlsAccess(SpaceId);
    }

    /// <summary>At go-live: a Space whose reminder subscribers alone exceed the WebRTC seats starts its HLS stream with the room.</summary>
    private void PrepareForExpectedAudience()
    {
        if (Space.SubscriberCount > Options.MaxRealtimeListeners)
        {
            WantEgress(EgressKind.Hls);
        }
    }

    /// <summary>The Space wants the egress from now on; true when that is news (the state changed and must be stored).</summary>
    private bool WantEgress(EgressKind kind)
    {
        var slot = Space.Egress[kind];
        if (slot.Wanted)
        {
            return false;
        }

        slot.Wanted = true;
        StartEgressIfDue(kind, slot);
        return true;
    }

    private void StartEgressIfDue(EgressKind kind, EgressSlot slot)
    {
        if (Space.State == SpaceState.Live && EgressStarts.Due(kind, slot, Time.GetUtcNow()))
        {
            EgressStarts.Sent(kind);
            Effects.Add(() => _media.StartEgress(SpaceId, kind));
        }
    }

    /// <summary>At the end: nothing is wanted any more, whatever runs is stopped (before the room closes), and a start still in flight is stopped when its id comes back.</summary>
    private void StopEgresses()
    {
        foreach (var (_, slot) in Space.Egress.Slots)
        {
            StopEgress(slot);
        }
    }

    /// <summary>The Space no longer wants this egress: the one running is stopped, and a start still in flight is stopped when its id comes back.</summary>
    private void StopEgress(EgressSlot slot)
    {
        slot.Wanted = false;
        if (slot.EgressId is { } egressId)
        {
            Effects.Add(() => _media.StopEgress(SpaceId, egressId));
            slot.EgressId = null;
        }
    }

    /// <summary>The recording's part of an egress report first (it may let the file slot go), then the egress path's.</summary>
    private async Task ApplyEgressReportsAsync(EgressReport report)
    {
        if (IsLateReportOfEndedEgress(report))
        {
            // Its start is answered all the same: the next start of that kind may go.
            EgressStarts.Answered(report.Kind);
            return;
        }

        await ApplyRecordingReportAsync(report);
        await ApplyEgressReportAsync(report);
    }

    /// <summary>
    /// An egress's start answer can arrive after its egress_ended (they travel different ways): once an egress has
    /// ended, a report that it is starting or active is stale and must not make it the running one again.
    /// </summary>
    private bool IsLateReportOfEndedEgress(EgressReport report)
    {
        if (report.EgressId is not { } egressId)
        {
            return false;
        }

        if (report.Phase.IsOver())
        {
            EndedEgressIds.Add(egressId);
            return false;
        }

        return EndedEgressIds.Contains(egressId);
    }

    /// <summary>LiveKit's answer to a start, or an egress webhook. Every Space that exists applies them, ended ones included (to stop a late start).</summary>
    private async Task ApplyEgressReportAsync(EgressReport report)
    {
        var slot = Space.Egress[report.Kind];
        var live = Space.State == SpaceState.Live;
        if (report.EgressId is not { } egressId)
        {
            // Refused: LiveKit will not say more about it. The live timer tries again after the longest retry delay.
            EgressStarts.Refused(report.Kind, Time.GetUtcNow() + Options.MediaRetryMaxDelay);
            LogEgressRefused(_logger, SpaceId, report.Kind, report.Error);
            return;
        }

        if (egressId == slot.EgressId)
        {
            // The webhook may come before the start's answer: either one ends the wait.
            EgressStarts.Answered(report.Kind);
            if (report.Phase.IsOver())
            {
                slot.EgressId = null;
                if (live && slot.Wanted)
                {
                    slot.Restarts++;
                    LogEgressRestarted(_logger, SpaceId, report.Kind, egressId, report.Phase, report.Error);
                    StartEgressIfDue(report.Kind, slot);
                }

                await base.CommitAsync();
            }

            return;
        }

        if (report.Phase.IsOver() || report.Phase == EgressPhase.Ending)
        {
            // Not ours (any more): a stopped one finishing, or a duplicate ending.
            return;
        }

        if (live && slot.Wanted && slot.EgressId is null)
        {
            slot.EgressId = egressId;
            EgressStarts.Answered(report.Kind);
            await base.CommitAsync();
            return;
        }

        // A second egress for the slot (a retried start that had reached LiveKit), or one the ended Space no longer wants.
        Effects.Add(() => _media.StopEgress(SpaceId, egressId));
    }

    /// <summary>Live timer: a start that was refused (or lost with a restart) is tried again; free seats are offered to HLS listeners.</summary>
    private async Task TendAudienceTiersAsync()
    {
        // Only soft flags change here: the starts go out when the tick's turn ends.
        foreach (var (kind, slot) in Space.Egress.Slots)
        {
            StartEgressIfDue(kind, slot);
        }

        var seats = Presence.HlsListenerCount > 0 ? Presence.FreeWebRtcSeats(Options.MaxRealtimeListeners) : 0;
        if (seats != _seatsOffered)
        {
            _seatsOffered = seats;
            if (seats > 0)
            {
                await PublishAsync(new UpgradeOffered(seats));
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Space {SpaceId}: LiveKit refused to start its {Kind} egress ({Error}); it tries again later")]
    private static partial void LogEgressRefused(ILogger logger, string spaceId, EgressKind kind, string? error);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Space {SpaceId}: its {Kind} egress {EgressId} ended while live ({Phase}: {Error}); starting it again")]
    private static partial void LogEgressRestarted(ILogger logger, string spaceId, EgressKind kind, string egressId, EgressPhase phase, string? error);
}
