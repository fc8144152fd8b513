using Spaces.Contracts;
using Spaces.LiveKit.Protocol;
using Spaces.LiveKit.Webhooks;

namespace Spaces.Grains.Media;

/// <summary>
/// The way back from LiveKit, next to the way out (<see cref="RoomOperation"/>): a verified webhook becomes the
/// <see cref="MediaEvent"/> its Space applies. Rooms that are not Spaces and events no rule reads translate to null.
/// </summary>
public static class MediaWebhooks
{
    /// <summary>The Space the webhook is about and what happened in its room; null when no Space cares.</summary>
    public static (string SpaceId, MediaEvent Event)? Translate(WebhookEvent webhook)
    {
        if (webhook.TryGetEgress(out var egress))
        {
            // Egress events name their room in the egress, not in the event.
            return Ids.IsSpaceId(egress.RoomName)
                ? (egress.RoomName, new MediaEvent(webhook.Id, MediaEventKind.EgressChanged, null, null, EgressReports.Of(egress, EgressReports.KindOf(egress))))
                : null;
        }

        if (webhook.Room?.Name is not { } room || !Ids.IsSpaceId(room))
        {
            return null;
        }

        var audioTrack = webhook.Track is { } track && MicrophoneTrack.Is(track) ? track.Sid : null;
        var kind = webhook.Event switch
        {
            WebhookEventNames.ParticipantJoined => MediaEventKind.ParticipantJoined,
            WebhookEventNames.ParticipantLeft => MediaEventKind.ParticipantLeft,
            WebhookEventNames.TrackPublished when audioTrack is not null => MediaEventKind.TrackPublished,
            WebhookEventNames.TrackUnpublished when audioTrack is not null => MediaEventKind.TrackUnpublished,
            WebhookEventNames.RoomFinished => MediaEventKind.RoomFinished,
            _ => (MediaEventKind?)null,
        };
        return kind is { } known ? (room, new MediaEvent(webhook.Id, known, webhook.Participant?.Identity, audioTrack)) : null;
    }
}

/// <summary>The one rule for which track is a participant's microphone (product.md: speakers publish audio, microphone only).</summary>
public static class MicrophoneTrack
{
    public static bool Is(TrackInfo track) => track.Source == TrackSource.Microphone || track.Type == TrackType.Audio;
}
