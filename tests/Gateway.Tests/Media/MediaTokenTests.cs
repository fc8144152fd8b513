using System.Net;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Spaces.Gateway.Tests.Infrastructure;
using Spaces.LiveKit;
using Spaces.LiveKit.Protocol;
using Spaces.LiveKit.Tokens;
using static Spaces.Gateway.Tests.Http.SpacesClient;

namespace Spaces.Gateway.Tests.Media;

/// <summary>
/// join answers the LiveKit URL and a participant token whose grants follow the role (product.md "Media"):
/// listeners subscribe only; the host, co-hosts and speakers also publish, the microphone only.
/// </summary>
[Collection(MediaCollection.Name)]
public sealed class MediaTokenTests(MediaHost host)
{
    private readonly Api _api = host.Api;

    [Fact]
    public async Task A_listener_token_joins_the_Spaces_room_to_subscribe_only()
    {
        var (_, id) = await _api.LiveSpaceAsync();
        var listener = await _api.UserAsync("listener");

        var (role, url, token) = await JoinAsync(id, listener);

        Assert.Equal(("listener", MediaHost.ClientUrl), (role, url));
        AssertToken(token, listener.Id, "listener", Video(id, onStage: false));
    }

    [Fact]
    public async Task Host_cohost_and_speaker_tokens_may_publish_the_microphone_only()
    {
        var (creator, id) = await _api.LiveSpaceAsync();
        var speaker = await _api.SpeakerAsync(id, creator);
        var cohost = await _api.CohostAsync(id, creator);

        foreach (var (user, expectedRole) in new[] { (creator, "host"), (cohost, "cohost"), (speaker, "speaker") })
        {
            // Joining again after a role change is how a client gets a token for its new role.
            var (role, url, token) = await JoinAsync(id, user);

            Assert.Equal((expectedRole, MediaHost.ClientUrl), (role, url));
            AssertToken(token, user.Id, expectedRole, Video(id, onStage: true));
        }
    }

    [Fact]
    public async Task A_speaker_moved_back_to_the_audience_gets_a_listener_token_again()
    {
        var (creator, id) = await _api.LiveSpaceAsync();
        var speaker = await _api.SpeakerAsync(id, creator);
        await _api.DoAsync(HttpMethod.Delete, $"/v1/spaces/{id}/speakers/{speaker.Id}", creator);

        var (role, _, token) = await JoinAsync(id, speaker);

        Assert.Equal("listener", role);
        AssertToken(token, speaker.Id, "listener", Video(id, onStage: false));
    }

    [Fact]
    public async Task No_token_for_a_Space_that_is_not_live()
    {
        var (_, id, _) = await _api.ScheduledSpaceAsync();
        var listener = await _api.UserAsync("listener");

        await _api.FailAsync(HttpMethod.Post, $"/v1/spaces/{id}/join", listener, HttpStatusCode.Conflict, "space_not_live");
    }

    /// <summary>The exact video claim of a role: listeners carry every publish right as an explicit false, nothing else.</summary>
    public static JsonObject Video(string spaceId, bool onStage)
    {
        var video = new JsonObject { ["roomJoin"] = true, ["room"] = spaceId, ["canPublish"] = onStage, ["canSubscribe"] = true, ["canPublishData"] = false };
        if (onStage)
        {
            video["canPublishSources"] = new JsonArray("microphone");
        }

        return video;
    }

    private async Task<(string Role, string Url, string Token)> JoinAsync(string spaceId, User user)
    {
        var joined = await _api.CallAsync(HttpMethod.Post, $"/v1/spaces/{spaceId}/join", user, HttpStatusCode.OK);
        Assert.Equal(["media", "role"], Keys(joined));
        // Below Spaces:MaxRealtimeListeners everyone gets WebRTC: "kind" beside the url and token clients read before tiers.
        Assert.Equal(["kind", "token", "url"], Keys(joined["media"]!));
        Assert.Equal("webrtc", joined["media"]!["kind"]!.GetValue<string>());
        return (joined["role"]!.GetValue<string>(), joined["media"]!["url"]!.GetValue<string>(), joined["media"]!["token"]!.GetValue<string>());
    }

    /// <summary>
    /// Checks the token twice: our verifier (with the dev key and secret) must accept it with the intended grant, and
    /// its raw payload must carry exactly that video claim (no hidden, recorder, roomAdmin or roomCreate) and live
    /// for the configured lifetime.
    /// </summary>
    private void AssertToken(string token, string userId, string role, JsonObject expectedVideo)
    {
        var options = host.Services.GetRequiredService<IOptions<LiveKitOptions>>().Value;
        var verifier = new AccessTokenVerifier(Options.Create(new LiveKitOptions { ApiKey = "devkey", ApiSecret = "secret" }), TimeProvider.System);

        var claims = verifier.Verify(token);

        Assert.Equal(("devkey", userId, $$"""{"role":"{{role}}"}"""), (claims.Issuer, claims.Identity, claims.Metadata));
        var publishes = expectedVideo["canPublish"]!.GetValue<bool>();
        Assert.Equal(
            new VideoGrant
            {
                RoomJoin = true,
                Room = expectedVideo["room"]!.GetValue<string>(),
                CanSubscribe = true,
                CanPublish = publishes,
                CanPublishData = false,
                CanPublishSources = publishes ? [TrackSource.Microphone] : null,
            },
            claims.Video);
        Assert.Equal(TimeSpan.FromMinutes(10), options.TokenLifetime);
        Assert.Equal(options.TokenLifetime, claims.ExpiresAt - claims.NotBefore);

        var payload = MediaProbe.Payload(token);
        Assert.True(JsonNode.DeepEquals(expectedVideo, payload["video"]), $"video claim was {payload["video"]}");
        Assert.Equal(["exp", "iss", "metadata", "nbf", "sub", "video"], Keys(payload));
    }
}
