using Spaces.LiveKit.Protocol;

namespace Spaces.LiveKit.Webhooks;

/// <summary>livekit.WebhookEvent (livekit_webhook.proto), the body LiveKit posts to webhook URLs.</summary>
public sealed record WebhookEvent
{
    /// <summary>What happened; see <see cref="WebhookEventNames"/>.</summary>
    public string Event { get; init; } = "";

    /// <summary>Unique per event; LiveKit may deliver an event more than once.</summary>
    public string Id { get; init; } = "";

    /// <summary>Unix seconds.</summary>
    public long CreatedAt { get; init; }

    public Room? Room { get; init; }
    public ParticipantInfo? Participant { get; init; }
    public TrackInfo? Track { get; init; }
}

/// <summary>Values of <see cref="WebhookEvent.Event"/> for rooms, participants and tracks.</summary>
public static class WebhookEventNames
{
    public const string RoomStarted = "room_started";
    public const string RoomFinished = "room_finished";
    public const string ParticipantJoined = "participant_joined";
    public const string ParticipantLeft = "participant_left";
    public const string TrackPublished = "track_published";
    public const string TrackUnpublished = "track_unpublished";
}
