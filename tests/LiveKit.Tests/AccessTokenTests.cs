using System.Buffers.Text;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Time.Testing;
using Spaces.LiveKit.Protocol;
using Spaces.LiveKit.Tokens;

namespace Spaces.LiveKit.Tests;

public sealed class AccessTokenTests
{
    private static readonly VideoGrant SpeakerGrant = new()
    {
        RoomJoin = true,
        Room = "space-1",
        CanPublish = true,
        CanSubscribe = true,
        CanPublishData = true,
        CanPublishSources = [TrackSource.Microphone],
    };

    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2030, 1, 1, 12, 0, 0, TimeSpan.Zero));

    [Fact]
    public void A_token_round_trips_through_the_verifier()
    {
        var token = TestKeys.Issuer(_time).CreateToken("alice", SpeakerGrant, "Alice", """{"role":"speaker"}""");

        var claims = TestKeys.Verifier(_time).Verify(token);

        Assert.Equal("alice", claims.Identity);
        Assert.Equal("Alice", claims.Name);
        Assert.Equal("""{"role":"speaker"}""", claims.Metadata);
        Assert.Equal(TestKeys.ApiKey, claims.Issuer);
        Assert.Equal(SpeakerGrant, claims.Video);
        Assert.Equal(_time.GetUtcNow(), claims.NotBefore);
        Assert.Equal(_time.GetUtcNow() + new LiveKitOptions().TokenLifetime, claims.ExpiresAt);
    }

    [Fact]
    public void The_payload_uses_LiveKit_claim_names_keeps_explicit_false_and_omits_unset_fields()
    {
        var listener = new VideoGrant { RoomJoin = true, Room = "space-1", CanPublish = false, CanSubscribe = true, CanPublishData = false };
        var token = TestKeys.Issuer(_time).CreateToken("bob", listener, ttl: TimeSpan.FromMinutes(2));

        var header = DecodePart(token, 0);
        var payload = DecodePart(token, 1);

        Assert.Equal("HS256", (string?)header["alg"]);
        Assert.True(JsonNode.DeepEquals(
            JsonNode.Parse("""{"roomJoin":true,"room":"space-1","canPublish":false,"canSubscribe":true,"canPublishData":false}"""),
            payload["video"]));
        Assert.Equal(["exp", "iss", "nbf", "sub", "video"], payload.Select(p => p.Key).Order(StringComparer.Ordinal));
        Assert.Equal(120, (long)payload["exp"]! - (long)payload["nbf"]!);
    }

    [Fact]
    public void Publish_sources_are_written_as_lower_snake_case_names()
    {
        var grant = SpeakerGrant with { CanPublishSources = [TrackSource.Microphone, TrackSource.ScreenShareAudio] };

        var payload = DecodePart(TestKeys.Issuer(_time).CreateToken("alice", grant), 1);

        Assert.Equal("""["microphone","screen_share_audio"]""", payload["video"]!["canPublishSources"]!.ToJsonString());
    }

    [Fact]
    public void A_token_signed_with_another_secret_is_rejected()
    {
        var token = TestKeys.Issuer(_time, apiSecret: "another-secret").CreateToken("alice", SpeakerGrant);

        AssertRejected(AccessTokenFailure.BadSignature, token);
    }

    [Fact]
    public void A_token_of_another_api_key_is_rejected()
    {
        var token = TestKeys.Issuer(_time, apiKey: "otherkey").CreateToken("alice", SpeakerGrant);

        AssertRejected(AccessTokenFailure.WrongIssuer, token);
    }

    [Fact]
    public void A_tampered_payload_is_rejected()
    {
        var parts = TestKeys.Issuer(_time).CreateToken("alice", SpeakerGrant).Split('.');
        var forged = Base64Url.EncodeToString(Encoding.UTF8.GetBytes(
            Encoding.UTF8.GetString(Base64Url.DecodeFromChars(parts[1])).Replace("alice", "admin", StringComparison.Ordinal)));

        AssertRejected(AccessTokenFailure.BadSignature, $"{parts[0]}.{forged}.{parts[2]}");
    }

    [Fact]
    public void Expiry_allows_the_clock_skew_and_no_more()
    {
        var token = TestKeys.Issuer(_time).CreateToken("alice", SpeakerGrant, ttl: TimeSpan.FromMinutes(1));
        var verifier = TestKeys.Verifier(_time);

        _time.Advance(TimeSpan.FromMinutes(1) + AccessTokenVerifier.ClockSkew - TimeSpan.FromSeconds(1));
        Assert.Equal("alice", verifier.Verify(token).Identity);

        _time.Advance(TimeSpan.FromSeconds(1));
        AssertRejected(AccessTokenFailure.Expired, token);
    }

    [Fact]
    public void A_token_from_a_clock_ahead_by_more_than_the_skew_is_not_yet_valid()
    {
        var ahead = new FakeTimeProvider(_time.GetUtcNow() + TimeSpan.FromMinutes(1));
        var token = TestKeys.Issuer(ahead).CreateToken("alice", SpeakerGrant);

        AssertRejected(AccessTokenFailure.NotYetValid, token);
    }

    public static TheoryData<string> MalformedTokens => new()
    {
        "",
        "only.two",
        "a.b.c.d",
        "!!!.???.***",
        // {"alg":"none"} with a valid payload and no signature.
        $"{Base64Url.EncodeToString("""{"alg":"none"}"""u8)}.{Base64Url.EncodeToString("""{"iss":"devkey","exp":4102444800}"""u8)}.",
        // Correctly signed, but without the exp claim LiveKit requires.
        HmacJwt.Sign("""{"iss":"devkey","sub":"alice"}"""u8, Encoding.UTF8.GetBytes(TestKeys.ApiSecret)),
        // Correctly signed, but exp is not a number.
        HmacJwt.Sign("""{"iss":"devkey","exp":"tomorrow"}"""u8, Encoding.UTF8.GetBytes(TestKeys.ApiSecret)),
    };

    [Theory]
    [MemberData(nameof(MalformedTokens))]
    public void Malformed_tokens_are_rejected(string token) => AssertRejected(AccessTokenFailure.Malformed, token);

    private void AssertRejected(AccessTokenFailure expected, string token) =>
        Assert.Equal(expected, Assert.Throws<AccessTokenException>(() => TestKeys.Verifier(_time).Verify(token)).Failure);

    private static JsonObject DecodePart(string token, int index) =>
        JsonNode.Parse(Base64Url.DecodeFromChars(token.Split('.')[index]))!.AsObject();
}
