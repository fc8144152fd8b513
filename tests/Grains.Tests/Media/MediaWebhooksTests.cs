using Spaces.Grains.Media;
using Spaces.LiveKit.Protocol;
using Spaces.LiveKit.Webhooks;

namespace Spaces.Grains.Tests.Media;

/// <summary>What a verified LiveKit webhook means to a Space: only Spaces' rooms, only events a rule reads, microphones only.</summary>
public sealed class MediaWebhooksTests
{
    private const string SpaceId = "AbCdEfGhIjKlM";

    [Theory]
    [InlineData(WebhookEventNames.ParticipantJoined, MediaEventKind.ParticipantJoined)]
    [InlineData(WebhookEventNames.ParticipantLeft, MediaEventKind.ParticipantLeft)]
    [InlineData(WebhookEventNames.RoomFinished, MediaEventKind.RoomFinished)]
    public void Presence_and_room_events_reach_the_Space_of_the_room(string name, MediaEventKind kind)
    {
        var translated = MediaWebhooks.Translate(Webhook(name));

        Assert.Equal((SpaceId, new MediaEvent("EV_1", kind, "alice", null)), translated);
    }

    [Fact]
    public void A_published_microphone_carries_its_track_and_a_camera_is_not_an_event()
    {
        var microphone = new TrackInfo { Sid = "TR_mic", Type = TrackType.Audio, Source = TrackSource.Microphone };
        var camera = new TrackInfo { Sid = "TR_cam", Type = TrackType.Video, Source = TrackSource.Camera };

        Assert.Equal("TR_mic", MediaWebhooks.Translate(Webhook(WebhookEventNames.TrackPublished) with { Track = microphone })?.Event.TrackSid);
        Assert.Null(MediaWebhooks.Translate(Webhook(WebhookEventNames.TrackPublished) with { Track = camera }));
        Assert.True(MicrophoneTrack.Is(microphone));
        Assert.False(MicrophoneTrack.Is(camera));
    }

    [Fact]
    public void Rooms_that_are_not_Spaces_and_unused_events_translate_to_nothing()
    {
        Assert.Null(MediaWebhooks.Translate(Webhook(WebhookEventNames.ParticipantJoined) with { Room = new Room { Name = "lobby" } }));
        Assert.Null(MediaWebhooks.Translate(Webhook(WebhookEventNames.RoomStarted)));
    }

    private static WebhookEvent Webhook(string name) => new()
    {
        Event = name,
        Id = "EV_1",
        Room = new Room { Name = SpaceId },
        Participant = new ParticipantInfo { Identity = "alice" },
    };
}
