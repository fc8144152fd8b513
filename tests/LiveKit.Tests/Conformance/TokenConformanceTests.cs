using System.Text.Json.Nodes;
using Microsoft.Extensions.Time.Testing;
using Spaces.LiveKit.Protocol;
using Spaces.LiveKit.Testing;
using Spaces.LiveKit.Tests.Oracle;
using Spaces.LiveKit.Tokens;

namespace Spaces.LiveKit.Tests.Conformance;

/// <summary>Our tokens against LiveKit's official Node SDK, both ways.</summary>
[Collection(OracleCollection.Name)]
public sealed class TokenConformanceTests(LiveKitOracle oracle)
{
    public static TheoryData<string, VideoGrant, string> ParticipantGrants => new()
    {
        {
            "listener",
            new VideoGrant { RoomJoin = true, Room = "space-1", CanPublish = false, CanSubscribe = true, CanPublishData = false },
            """{"roomJoin":true,"room":"space-1","canPublish":false,"canSubscribe":true,"canPublishData":false}"""
        },
        {
            "speaker",
            new VideoGrant { RoomJoin = true, Room = "space-1", CanPublish = true, CanSubscribe = true, CanPublishData = true, CanPublishSources = [TrackSource.Microphone] },
            """{"roomJoin":true,"room":"space-1","canPublish":true,"canSubscribe":true,"canPublishData":true,"canPublishSources":["microphone"]}"""
        },
    };

    [Theory]
    [MemberData(nameof(ParticipantGrants))]
    public async Task Our_tokens_pass_the_official_verifier_with_the_intended_claims(string role, VideoGrant grant, string expectedVideo)
    {
        var token = TestKeys.Issuer().CreateToken("alice", grant, "Alice", $$"""{"role":"{{role}}"}""", TimeSpan.FromMinutes(10));

        var claims = await oracle.RunForJsonAsync("verify-token", token, TestKeys.ApiKey, TestKeys.ApiSecret);

        Assert.Equal(("alice", "Alice", $$"""{"role":"{{role}}"}""", TestKeys.ApiKey),
            ((string?)claims["sub"], (string?)claims["name"], (string?)claims["metadata"], (string?)claims["iss"]));
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse(expectedVideo), claims["video"]), $"video claim was {claims["video"]}");
        Assert.Equal(600, (long)claims["exp"]! - (long)claims["nbf"]!);
    }

    [Fact]
    public async Task The_official_verifier_rejects_our_token_under_another_secret()
    {
        var token = TestKeys.Issuer().CreateToken("alice", new VideoGrant { RoomJoin = true });

        Assert.Contains("signature", await oracle.RunRejectedAsync("verify-token", token, TestKeys.ApiKey, "another-secret"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Official_tokens_pass_our_verifier_with_the_same_claims()
    {
        // The Node SDK takes publish sources as TrackSource enum numbers (2 = MICROPHONE) and writes their names.
        var token = await oracle.RunSuccessfullyAsync("mint-token", TestKeys.ApiKey, TestKeys.ApiSecret, "bob",
            """{"roomJoin":true,"room":"space-1","canPublish":true,"canSubscribe":true,"canPublishData":false,"canPublishSources":[2]}""",
            "Bob", """{"role":"speaker"}""");

        var claims = TestKeys.Verifier().Verify(token);

        Assert.Equal(("bob", "Bob", """{"role":"speaker"}"""), (claims.Identity, claims.Name, claims.Metadata));
        Assert.Equal(
            new VideoGrant { RoomJoin = true, Room = "space-1", CanPublish = true, CanSubscribe = true, CanPublishData = false, CanPublishSources = [TrackSource.Microphone] },
            claims.Video);
    }

    [Fact]
    public async Task Our_verifier_rejects_official_tokens_under_another_secret_or_after_expiry()
    {
        var foreign = await MintAsync(apiSecret: "another-secret");
        var valid = await MintAsync(apiSecret: TestKeys.ApiSecret);
        // The oracle mints for one hour.
        var later = new FakeTimeProvider(DateTimeOffset.UtcNow + TimeSpan.FromHours(1) + AccessTokenVerifier.ClockSkew);

        Assert.Equal(AccessTokenFailure.BadSignature, Assert.Throws<AccessTokenException>(() => TestKeys.Verifier().Verify(foreign)).Failure);
        Assert.Equal(AccessTokenFailure.Expired, Assert.Throws<AccessTokenException>(() => TestKeys.Verifier(later).Verify(valid)).Failure);
    }

    private Task<string> MintAsync(string apiSecret) =>
        oracle.RunSuccessfullyAsync("mint-token", TestKeys.ApiKey, apiSecret, "carol", """{"roomJoin":true,"room":"space-1"}""");
}
