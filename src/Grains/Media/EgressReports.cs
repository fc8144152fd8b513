using Spaces.Contracts;
using Spaces.LiveKit.Protocol;

namespace Spaces.Grains.Media;

/// <summary>The one translation of LiveKit's <see cref="EgressInfo"/> (a start's answer or an egress webhook) into what a Space applies.</summary>
internal static class EgressReports
{
    /// <summary>An egress with segment outputs is the HLS stream; one with only a file is a recording.</summary>
    public static EgressKind KindOf(EgressInfo egress) =>
        egress.RoomComposite is { SegmentOutputs.Count: > 0 } || egress.SegmentResults.Count > 0 ? EgressKind.Hls : EgressKind.File;

    public static EgressReport Of(EgressInfo egress, EgressKind kind)
    {
        var phase = egress.Status switch
        {
            EgressStatus.Starting => EgressPhase.Starting,
            EgressStatus.Active => EgressPhase.Active,
            EgressStatus.Ending => EgressPhase.Ending,
            EgressStatus.Complete => EgressPhase.Complete,
            _ => EgressPhase.Failed,
        };
        var file = egress.FileResults.FirstOrDefault();
        var segments = egress.SegmentResults.FirstOrDefault();
        var location = NonEmpty(kind == EgressKind.File ? file?.Location : NonEmpty(segments?.LivePlaylistLocation) ?? segments?.PlaylistLocation);
        // Egress reports nanoseconds; a TimeSpan tick is 100 ns.
        var duration = TimeSpan.FromTicks((kind == EgressKind.File ? file?.Duration : segments?.Duration) / 100 ?? 0);
        return new EgressReport(egress.EgressId, kind, phase, NonEmpty(egress.Error), location, duration);
    }

    private static string? NonEmpty(string? value) => string.IsNullOrEmpty(value) ? null : value;
}
