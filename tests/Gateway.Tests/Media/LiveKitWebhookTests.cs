using System.Net;
using Microsoft.Extensions.Options;
using Spaces.Gateway.Tests.Infrastructure;
using Spaces.LiveKit;
using Spaces.LiveKit.Tokens;
using Spaces.LiveKit.Webhooks;
using static Spaces.Gateway.Tests.Http.SpacesClient;
using static Spaces.Gateway.Tests.Media.MediaProbe;

namespace Spaces.Gateway.Tests.Media;

/// <summary>
/// <c>POST /v1/webhooks/livekit</c>: only LiveKit's signed webhooks are applied, and what they report (presence,
/// published tracks, a finished room) flows back into the Space's state, each event once.
/// </summary>
[Collection(MediaCollection.Name)]
public sealed class LiveKitWebhookTests(MediaHost host)
{
    private readonly Api _api = host.Api;

    public static TheoryData<string> Forgeries => ["no header", "empty header", "wrong secret", "wrong key", "tampered body", "expired", "not a JWT", "alg none"];

    [Theory]
    [MemberData(nameof(Forgeries))]
    public async Task A_webhook_that_is_not_from_our_LiveKit_is_401_and_changes_nothing(string forgery)
    {
        var (creator, id) = await _api.LiveSpaceAsync();
        var listener = await _api.ListenerAsync(id);
        var other = await _api.ListenerAsync(id);
        var before = await ParticipantsAsync(id, creator);
        var signed = host.LiveKit.SignWebhook(Event(WebhookEventNames.ParticipantLeft, id, listener.Id));
        var (body, authorization) = forgery switch
        {
            "no header" => (signed.Body, null),
            "empty header" => (signed.Body, ""),
            "wrong secret" => (signed.Body, Issuer("devkey", "not-our-secret").CreateWebhookToken(signed.Body)),
            "wrong key" => (signed.Body, Issuer("otherkey", "secret").CreateWebhookToken(signed.Body)),
            // Same signature, another user's departure.
            "tampered body" => (signed.Body.Replace(listener.Id, other.Id, StringComparison.Ordinal), signed.Authorization),
            // Signed an hour ago with LiveKit's 10-minute webhook token lifetime.
            "expired" => (signed.Body, Issuer("devkey", "secret", TimeSpan.FromHours(1)).CreateWebhookToken(signed.Body)),
            "not a JWT" => (signed.Body, "Bearer not-a-jwt"),
            "alg none" => (signed.Body, UnsignedCopy(signed.Authorization)),
            _ => throw new ArgumentOutOfRangeException(nameof(forgery)),
        };

        using var response = await host.PostWebhookAsync(body, authorization);

        await Api.ExpectProblemAsync(response, HttpStatusCode.Unauthorized, "invalid_webhook_signature");
        Assert.Equal(before.ToJsonString(), (await ParticipantsAsync(id, creator)).ToJsonString());
        Assert.Equal(3, (await _api.SpaceAsync(id, creator))["participant_count"]!.GetValue<int>());
    }

    [Fact]
    public async Task A_signed_webhook_is_accepted_with_or_without_a_Bearer_prefix()
    {
        var (creator, id) = await _api.LiveSpaceAsync();
        var first = await _api.UserAsync("first");
        var second = await _api.UserAsync("second");
        var bare = host.LiveKit.SignWebhook(Event(WebhookEventNames.ParticipantJoined, id, first.Id));
        var bearer = host.LiveKit.SignWebhook(Event(WebhookEventNames.ParticipantJoined, id, second.Id));

        await Api.ExpectAsync(await host.PostWebhookAsync(bare.Body, bare.Authorization), HttpStatusCode.OK);
        await Api.ExpectAsync(await host.PostWebhookAsync(bearer.Body, $"Bearer {bearer.Authorization}"), HttpStatusCode.OK);

        Assert.Equal([first.Id, second.Id], Strings((await ParticipantsAsync(id, creator))["listeners"]));
    }

    [Fact]
    public async Task Participant_joined_and_left_are_presence_a_listener_who_leaves_LiveKit_leaves_the_Space()
    {
        var (creator, id) = await _api.LiveSpaceAsync();
        var listener = await _api.UserAsync("listener");
        await _api.DoAsync(HttpMethod.Put, $"/v1/spaces/{id}/hand", await _api.ListenerAsync(id, "other"));

        await host.DeliverAsync(Event(WebhookEventNames.ParticipantJoined, id, listener.Id));

        Assert.Equal(3, await CountAsync(id, creator));
        await _api.DoAsync(HttpMethod.Put, $"/v1/spaces/{id}/hand", listener);

        await host.DeliverAsync(Event(WebhookEventNames.ParticipantLeft, id, listener.Id));

        var participants = await ParticipantsAsync(id, creator);
        Assert.Equal(2, await CountAsync(id, creator));
        Assert.DoesNotContain(listener.Id, Strings(participants["listeners"]));
        Assert.DoesNotContain(listener.Id, HandIds(participants));
        // Presence comes and goes; the Space's totals keep everyone who listened.
        Assert.Equal(2, (await _api.SpaceAsync(id, creator))["total_listeners"]!.GetValue<int>());
    }

    [Fact]
    public async Task A_speaker_who_leaves_LiveKit_loses_the_seat_and_the_publish_permission()
    {
        var (creator, id) = await _api.LiveSpaceAsync();
        var speaker = await _api.SpeakerAsync(id, creator);

        await host.DeliverAsync(Event(WebhookEventNames.ParticipantLeft, id, speaker.Id));

        var space = await _api.SpaceAsync(id, creator);
        Assert.Empty(Strings(space["speaker_ids"]));
        Assert.Equal(1, space["participant_count"]!.GetValue<int>());
        await host.LiveKit.WaitForCallAsync(id, "UpdateParticipant", call => HasPermission(call, speaker.Id, onStage: false), "the speaker's publish permission revoked");
    }

    [Fact]
    public async Task The_host_keeps_the_seat_when_leaving_LiveKit()
    {
        var (creator, id) = await _api.LiveSpaceAsync();

        await host.DeliverAsync(Event(WebhookEventNames.ParticipantLeft, id, creator.Id));

        var participants = await ParticipantsAsync(id, creator);
        Assert.Equal([creator.Id], StageIds(participants));
        Assert.False(StageMember(participants, creator.Id)["present"]!.GetValue<bool>());

        await host.DeliverAsync(Event(WebhookEventNames.ParticipantJoined, id, creator.Id));

        Assert.True(StageMember(await ParticipantsAsync(id, creator), creator.Id)["present"]!.GetValue<bool>());
    }

    [Fact]
    public async Task A_host_mute_uses_the_track_id_from_track_published_and_looks_it_up_after_track_unpublished()
    {
        var (creator, id) = await _api.LiveSpaceAsync();
        var speaker = await _api.SpeakerAsync(id, creator);
        await host.DeliverAsync(Event(WebhookEventNames.TrackPublished, id, speaker.Id, trackSid: "TR_from_webhook"));

        await _api.DoAsync(HttpMethod.Post, $"/v1/spaces/{id}/mute/{speaker.Id}", creator);

        // The speaker is not connected to the test server: only the webhook can have told the grain this track id.
        var mute = await host.LiveKit.WaitForCallAsync(id, "MutePublishedTrack");
        Assert.Equal((speaker.Id, "TR_from_webhook", true), (mute.Identity, mute.Body["trackSid"]!.GetValue<string>(), mute.Body["muted"]!.GetValue<bool>()));
        Assert.DoesNotContain(host.LiveKit.CallsFor(id), call => call.Method == "ListParticipants");

        await _api.DoAsync(HttpMethod.Delete, $"/v1/spaces/{id}/mute/{speaker.Id}", speaker);
        await host.DeliverAsync(Event(WebhookEventNames.TrackUnpublished, id, speaker.Id, trackSid: "TR_from_webhook"));
        await _api.DoAsync(HttpMethod.Post, $"/v1/spaces/{id}/mute/{speaker.Id}", creator);

        // Without a known track, the mute asks LiveKit which track the speaker publishes.
        await host.LiveKit.WaitForCallAsync(id, "ListParticipants");
        await host.WhenIdleAsync(id);
        Assert.Single(Folded(host.LiveKit.CallsFor(id)), call => call.Method == "MutePublishedTrack");
    }

    [Fact]
    public async Task A_muted_speaker_who_publishes_again_is_muted_again()
    {
        var (creator, id) = await _api.LiveSpaceAsync();
        var speaker = await _api.SpeakerAsync(id, creator);
        await _api.DoAsync(HttpMethod.Post, $"/v1/spaces/{id}/mute/{speaker.Id}", creator);
        host.LiveKit.AddParticipant(id, speaker.Id, audioTrackSid: "TR_republished");

        await host.DeliverAsync(Event(WebhookEventNames.TrackPublished, id, speaker.Id, trackSid: "TR_republished"));

        await host.LiveKit.WaitForCallAsync(id, "MutePublishedTrack", call => call.Body["trackSid"]?.GetValue<string>() == "TR_republished");
        await EventuallyAsync(() => host.LiveKit.GetParticipant(id, speaker.Id)!.Tracks.Single().Muted, muted => muted, "the republished track muted in LiveKit");
    }

    [Fact]
    public async Task Room_finished_for_a_live_Space_creates_the_room_again_and_is_ignored_once_the_Space_ended()
    {
        var (creator, id) = await _api.LiveSpaceAsync("Comes back");
        await host.LiveKit.WaitForCallAsync(id, "CreateRoom");

        var reopened = await host.OperationsOfAsync(id, () => host.DeliverAsync(Event(WebhookEventNames.RoomFinished, id)));

        Assert.Equal(["CreateRoom"], reopened.Select(c => c.Method));
        Assert.NotNull(host.LiveKit.GetRoom(id));

        var closed = await host.OperationsOfAsync(id, () => _api.CallAsync(HttpMethod.Post, $"/v1/spaces/{id}/end", creator, HttpStatusCode.OK));
        Assert.Equal(["DeleteRoom"], closed.Select(c => c.Method));
        var before = host.LiveKit.CallsFor(id).Count;
        await host.DeliverAsync(Event(WebhookEventNames.RoomFinished, id));

        host.AssertQuiet(id, before);
        Assert.Null(host.LiveKit.GetRoom(id));
    }

    [Fact]
    public async Task A_redelivered_event_is_applied_once()
    {
        var (creator, id) = await _api.LiveSpaceAsync();
        var listener = await _api.ListenerAsync(id);
        var left = Event(WebhookEventNames.ParticipantLeft, id, listener.Id, id: "EV_left_once");

        await host.DeliverAsync(left);
        await host.DeliverAsync(Event(WebhookEventNames.ParticipantJoined, id, listener.Id, id: "EV_back"));
        await host.DeliverAsync(left);

        Assert.Equal(2, await CountAsync(id, creator));
        Assert.Equal([listener.Id], Strings((await ParticipantsAsync(id, creator))["listeners"]));
    }

    [Fact]
    public async Task A_speaker_moved_to_the_audience_who_reconnects_with_the_old_token_loses_the_publish_right_again()
    {
        var (creator, id) = await _api.LiveSpaceAsync();
        var speaker = await _api.SpeakerAsync(id, creator);
        // The speaker's token still grants publishing for its lifetime.
        await _api.CallAsync(HttpMethod.Post, $"/v1/spaces/{id}/join", speaker, HttpStatusCode.OK);
        await _api.DoAsync(HttpMethod.Delete, $"/v1/spaces/{id}/speakers/{speaker.Id}", creator);
        await host.LiveKit.WaitForCallAsync(id, "UpdateParticipant", call => HasPermission(call, speaker.Id, onStage: false));
        await host.DeliverAsync(Event(WebhookEventNames.ParticipantLeft, id, speaker.Id));
        var before = host.LiveKit.CallsFor(id).Count;

        // Back in the room with the speaker token: LiveKit lets them publish until the Space says otherwise.
        await host.DeliverAsync(Event(WebhookEventNames.ParticipantJoined, id, speaker.Id));

        await host.LiveKit.WaitForCallsAsync(id, calls => calls.Skip(before).Any(c => HasPermission(c, speaker.Id, onStage: false)), "the listener's permission applied on reconnect");
    }

    [Fact]
    public async Task A_removed_user_who_connects_to_LiveKit_is_removed_from_the_room_again()
    {
        var (creator, id) = await _api.LiveSpaceAsync();
        var listener = await _api.ListenerAsync(id);
        await _api.DoAsync(HttpMethod.Post, $"/v1/spaces/{id}/remove/{listener.Id}", creator);
        await host.LiveKit.WaitForCallAsync(id, "RemoveParticipant");

        var removedAgain = await host.OperationsOfAsync(id, () => host.DeliverAsync(Event(WebhookEventNames.ParticipantJoined, id, listener.Id)));

        Assert.Equal([("RemoveParticipant", listener.Id)], removedAgain.Select(c => (c.Method, c.Identity)));
        Assert.Equal(1, await CountAsync(id, creator));
    }

    [Fact]
    public async Task Webhooks_for_rooms_that_are_not_live_Spaces_and_unused_events_are_acknowledged_and_ignored()
    {
        var (creator, id) = await _api.LiveSpaceAsync();
        var (_, scheduled, _) = await _api.ScheduledSpaceAsync();
        var user = await _api.UserAsync("user");

        await host.DeliverAsync(Event(WebhookEventNames.ParticipantJoined, "lobby", user.Id));
        await host.DeliverAsync(Event(WebhookEventNames.ParticipantJoined, UnknownSpaceId, user.Id));
        await host.DeliverAsync(Event(WebhookEventNames.ParticipantJoined, scheduled, user.Id));
        await host.DeliverAsync(Event(WebhookEventNames.RoomFinished, scheduled));
        await host.DeliverAsync(Event(WebhookEventNames.RoomStarted, id));
        await host.DeliverAsync(Event("egress_started", id, user.Id));
        await host.DeliverAsync(Event(WebhookEventNames.ParticipantJoined, id) with { Room = null });

        await _api.FailAsync(HttpMethod.Get, $"/v1/spaces/{UnknownSpaceId}", user, HttpStatusCode.NotFound, "space_not_found");
        Assert.Equal(0, (await _api.SpaceAsync(scheduled, user))["participant_count"]!.GetValue<int>());
        Assert.Equal(1, await CountAsync(id, creator));
        host.AssertQuiet(scheduled, callsBefore: 0);
    }

    private async Task<int> CountAsync(string spaceId, User user) =>
        (await _api.SpaceAsync(spaceId, user))["participant_count"]!.GetValue<int>();

    private Task<System.Text.Json.Nodes.JsonNode> ParticipantsAsync(string spaceId, User user) => _api.ParticipantsAsync(spaceId, user);

    /// <summary>Signs like LiveKit with another key or secret, or as it would have <paramref name="ago"/>.</summary>
    private static AccessTokenIssuer Issuer(string apiKey, string apiSecret, TimeSpan? ago = null) =>
        new(Options.Create(new LiveKitOptions { ApiKey = apiKey, ApiSecret = apiSecret }), new ShiftedClock(-(ago ?? TimeSpan.Zero)));

    /// <summary>The token with its header switched to alg "none" and the signature dropped.</summary>
    private static string UnsignedCopy(string jwt) =>
        $"{System.Buffers.Text.Base64Url.EncodeToString("""{"alg":"none","typ":"JWT"}"""u8)}.{jwt.Split('.')[1]}.";

    private sealed class ShiftedClock(TimeSpan shift) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => base.GetUtcNow() + shift;
    }
}
