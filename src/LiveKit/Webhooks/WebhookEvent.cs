using System.Diagnostics.CodeAnalysis;
using System.Text.Json.Serialization;
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

    /// <summary>
    /// The egress's state on <c>egress_*</c> events. The receiver authenticates events, not their content: a
    /// consumer that applies egress events checks <see cref="EgressInfo.EgressId"/> is there (see <see cref="TryGetEgress"/>).
    /// </summary>
    public EgressInfo? EgressInfo { get; init; }

    /// <summary>True for egress_started, egress_updated and egress_ended.</summary>
    [JsonIgnore]
    public bool IsEgressEvent => WebhookEventNames.IsEgress(Event);

    /// <summary>The egress state of an egress event that names its egress; false for every other event.</summary>
    public bool TryGetEgress([NotNullWhen(true)] out EgressInfo? egress)
    {
        egress = IsEgressEvent && !string.IsNullOrEmpty(EgressInfo?.EgressId) ? EgressInfo : null;
        return egress is not null;
    }
}

/// <summary>Values of <see cref="WebhookEvent.Event"/> for rooms, participants, tracks and egresses.</summary>
public static class WebhookEventNames
{
    public const string RoomStarted = "room_started";
    public const string RoomFinished = "room_finished";
    public const string ParticipantJoined = "participant_joined";
    public const string ParticipantLeft = "participant_left";
    public const string TrackPublished = "track_published";
    public const string TrackUnpublished = "track_unpublished";

    /// <summary>An egress was accepted (status starting).</summary>
    public const string EgressStarted = "egress_started";

    /// <summary>An egress changed state or results (active, ending, progress).</summary>
    public const string EgressUpdated = "egress_updated";

    /// <summary>An egress ended: complete, failed, aborted or limit reached; its results are final.</summary>
    public const string EgressEnded = "egress_ended";

    public static bool IsEgress(string eventName) => eventName is EgressStarted or EgressUpdated or EgressEnded;
}
