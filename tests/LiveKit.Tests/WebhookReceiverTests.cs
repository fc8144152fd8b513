using Microsoft.Extensions.Time.Testing;
using Spaces.LiveKit.Protocol;
using Spaces.LiveKit.Tokens;
using Spaces.LiveKit.Webhooks;

namespace Spaces.LiveKit.Tests;

public sealed class WebhookReceiverTests
{
    // As LiveKit's server writes it: int64 as strings, enums by name, default values left out.
    internal const string TrackPublishedBody = """
        {"event":"track_published","room":{"sid":"RM_abc","name":"space-1","emptyTimeout":300,"creationTime":"1700000000","metadata":"{\"title\":\"t\"}"},
        "participant":{"sid":"PA_abc","identity":"alice","state":"ACTIVE","name":"Alice","joinedAt":"1700000001","permission":{"canSubscribe":true,"canPublish":true}},
        "track":{"sid":"TR_abc","source":"MICROPHONE","muted":true},"id":"EV_abc","createdAt":"1700000002"}
        """;

    private readonly FakeTimeProvider _time = new(DateTimeOffset.UtcNow);

    [Fact]
    public void A_signed_event_is_verified_and_parsed()
    {
        var authorization = TestKeys.Issuer(_time).CreateWebhookToken(TrackPublishedBody);

        var received = TestKeys.Receiver(_time).Receive(TrackPublishedBody, authorization);

        Assert.Equal(WebhookEventNames.TrackPublished, received.Event);
        Assert.Equal("EV_abc", received.Id);
        Assert.Equal(1_700_000_002, received.CreatedAt);
        Assert.Equal(new Room { Sid = "RM_abc", Name = "space-1", EmptyTimeout = 300, CreationTime = 1_700_000_000, Metadata = """{"title":"t"}""" }, received.Room);
        var participant = received.Participant!;
        Assert.Equal(("PA_abc", "alice", "Alice", ParticipantState.Active, 1_700_000_001L),
            (participant.Sid, participant.Identity, participant.Name, participant.State, participant.JoinedAt));
        Assert.True(participant.Permission is { CanPublish: true, CanSubscribe: true, CanPublishData: false });
        // "type" is absent because AUDIO is the enum's zero value.
        Assert.Equal(new TrackInfo { Sid = "TR_abc", Type = TrackType.Audio, Source = TrackSource.Microphone, Muted = true }, received.Track);
    }

    [Fact]
    public void Numbers_and_numeric_enums_are_accepted_too()
    {
        const string Body = """{"event":"participant_joined","id":"EV_1","createdAt":1700000002,"participant":{"identity":"bob","state":1},"track":{"type":1,"source":3}}""";

        var received = TestKeys.Receiver(_time).Receive(Body, TestKeys.Issuer(_time).CreateWebhookToken(Body));

        Assert.Equal(1_700_000_002, received.CreatedAt);
        Assert.Equal(ParticipantState.Joined, received.Participant!.State);
        Assert.Equal((TrackType.Video, TrackSource.ScreenShare), (received.Track!.Type, received.Track.Source));
    }

    [Fact]
    public void A_Bearer_prefix_is_tolerated()
    {
        var authorization = "Bearer " + TestKeys.Issuer(_time).CreateWebhookToken(TrackPublishedBody);

        Assert.Equal("EV_abc", TestKeys.Receiver(_time).Receive(TrackPublishedBody, authorization).Id);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    public void A_missing_header_is_rejected(string? authorization) =>
        AssertRejected(WebhookRejection.MissingAuthorization, TrackPublishedBody, authorization);

    [Fact]
    public void A_changed_body_is_rejected()
    {
        var authorization = TestKeys.Issuer(_time).CreateWebhookToken(TrackPublishedBody);

        AssertRejected(WebhookRejection.BodyHashMismatch, TrackPublishedBody.Replace("alice", "mallory", StringComparison.Ordinal), authorization);
    }

    [Fact]
    public void A_token_without_a_body_hash_is_rejected()
    {
        var participantToken = TestKeys.Issuer(_time).CreateToken("alice", new VideoGrant { RoomJoin = true });

        AssertRejected(WebhookRejection.BodyHashMismatch, TrackPublishedBody, participantToken);
    }

    [Fact]
    public void A_token_signed_with_another_secret_is_rejected() =>
        AssertRejected(WebhookRejection.InvalidToken, TrackPublishedBody,
            TestKeys.Issuer(_time, apiSecret: "not-the-secret").CreateWebhookToken(TrackPublishedBody));

    [Fact]
    public void An_expired_token_is_rejected()
    {
        var authorization = TestKeys.Issuer(_time).CreateWebhookToken(TrackPublishedBody);
        _time.Advance(TimeSpan.FromHours(1));

        AssertRejected(WebhookRejection.InvalidToken, TrackPublishedBody, authorization);
    }

    [Fact]
    public void A_signed_body_that_is_not_an_event_is_rejected()
    {
        const string Body = "[1,2,3]";

        AssertRejected(WebhookRejection.MalformedBody, Body, TestKeys.Issuer(_time).CreateWebhookToken(Body));
    }

    private void AssertRejected(WebhookRejection expected, string body, string? authorization) =>
        Assert.Equal(expected, Assert.Throws<WebhookVerificationException>(() => TestKeys.Receiver(_time).Receive(body, authorization)).Reason);
}
