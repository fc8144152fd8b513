using System.Net;
using System.Text.Json.Nodes;
using Spaces.Gateway.Tests.Infrastructure;
using Spaces.LiveKit.Protocol;
using Spaces.LiveKit.Testing;
using Spaces.LiveKit.Webhooks;
using static Spaces.Gateway.Tests.Http.SpacesClient;
using static Spaces.Gateway.Tests.Media.MediaProbe;

namespace Spaces.Gateway.Tests.Media;

/// <summary>A media gateway whose Spaces seat two listeners on WebRTC and send the rest to HLS under a CDN.</summary>
public sealed class TieredMediaHost() : MediaHost(new Dictionary<string, string?>
{
    ["Spaces:MaxRealtimeListeners"] = "2",
    ["Spaces:HlsPublicBaseUrl"] = TieredMediaHost.Cdn,
})
{
    public const string Cdn = "https://cdn.spaces.test/";
}

[CollectionDefinition(Name)]
public sealed class TieredMediaCollection : ICollectionFixture<TieredMediaHost>
{
    public const string Name = "tiered media";
}

/// <summary>
/// product.md "Media" over HTTP: join answers carry <c>kind</c>; past Spaces:MaxRealtimeListeners a listener gets the
/// HLS playlist and no token; the egress behind it is requested exactly as LiveKit's official EgressClient requests
/// it, restarted by a signed egress_ended webhook, reported by readiness while Egress fails, and never a reason for
/// a join to fail.
/// </summary>
[Collection(TieredMediaCollection.Name)]
public sealed class AudienceTierApiTests(TieredMediaHost host, LiveKitOracle oracle) : IClassFixture<LiveKitOracle>
{
    private readonly Api _api = host.Api;

    [Fact]
    public async Task Join_answers_WebRTC_with_its_kind_and_past_the_limit_the_HLS_playlist_without_a_token()
    {
        var (_, id) = await _api.LiveSpaceAsync();

        var seated = await JoinAsync(id);
        await JoinAsync(id);
        var overflow = await JoinAsync(id);

        Assert.Equal((MediaHost.ClientUrl, "webrtc"), ((string?)seated["url"], (string?)seated["kind"]));
        Assert.False(string.IsNullOrEmpty((string?)seated["token"]));
        Assert.True(JsonNode.DeepEquals(new JsonObject { ["url"] = $"{TieredMediaHost.Cdn}spaces/{id}/hls/live.m3u8", ["kind"] = "hls" }, overflow), overflow.ToJsonString());
    }

    [Fact]
    public async Task The_Spaces_egress_start_and_stop_equal_the_official_EgressClients()
    {
        var (creator, id) = await _api.LiveSpaceAsync();
        await JoinAsync(id, count: 3);
        await host.WhenIdleAsync(id);
        var egressId = Assert.Single(host.LiveKit.Egresses, e => e.RoomName == id).EgressId;
        await _api.CallAsync(HttpMethod.Post, $"/v1/spaces/{id}/end", creator, HttpStatusCode.OK);
        await host.WhenIdleAsync(id);

        var official = await OfficialRequests.CaptureAsync(oracle, "egress-requests");

        // The official script records room "space-1" and stops "EG_1": the same requests, names aside.
        var ours = host.LiveKit.Requests
            .Where(r => r.Method is "StartRoomCompositeEgress" or "StopEgress" && (r.Body.Contains(id, StringComparison.Ordinal) || r.Body.Contains($"\"{egressId}\"", StringComparison.Ordinal)))
            .Select(r => r with { Body = r.Body.Replace(id, "space-1", StringComparison.Ordinal).Replace($"\"{egressId}\"", "\"EG_1\"", StringComparison.Ordinal) })
            .ToList();
        OfficialRequests.AssertSameRequests([official[0], official[^1]], ours);
    }

    [Fact]
    public async Task A_signed_egress_ended_webhook_for_a_live_Space_starts_its_egress_again()
    {
        var (_, id) = await _api.LiveSpaceAsync();
        await JoinAsync(id, count: 3);
        await host.WhenIdleAsync(id);
        var egress = Assert.Single(host.LiveKit.Egresses, e => e.RoomName == id);

        var ended = host.LiveKit.AdvanceEgress(egress.EgressId, EgressStatus.Aborted, "room closed under it");
        using var response = await host.LiveKit.SendWebhookAsync(host.WebhookUri, new WebhookEvent { Event = WebhookEventNames.EgressEnded, Id = $"EV_{id}", EgressInfo = ended });
        await host.WhenIdleAsync(id);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal([EgressStatus.Aborted, EgressStatus.Starting], host.LiveKit.Egresses.Where(e => e.RoomName == id).Select(e => e.Status));
    }

    [Fact]
    public async Task While_Egress_fails_joins_answer_readiness_reports_it_and_the_egress_starts_once_it_is_back()
    {
        var (_, id) = await _api.LiveSpaceAsync();
        await host.WhenIdleAsync(id);
        host.LiveKit.FailEgressWith(HttpStatusCode.ServiceUnavailable);
        try
        {
            await JoinAsync(id, count: 2);
            var overflow = await _api.PromptlyAsync(HttpMethod.Post, $"/v1/spaces/{id}/join", await _api.UserAsync("overflow"));
            Assert.Equal("hls", (string?)overflow["media"]!["kind"]);

            var livekit = (await ReadinessAsync())["checks"]!["livekit"]!;
            Assert.Equal("degraded", (string?)livekit["status"]);
            Assert.Contains("LiveKit Egress", (string?)livekit["description"], StringComparison.Ordinal);
        }
        finally
        {
            host.LiveKit.Recover();
        }

        await host.WhenIdleAsync(id);
        Assert.Single(host.LiveKit.Egresses, e => e.RoomName == id);
        await EventuallyAsync(async () => (string?)(await ReadinessAsync())["checks"]!["livekit"]!["status"], status => status == "healthy", "readiness healthy again");
    }

    private async Task<JsonNode> JoinAsync(string spaceId, int count = 1)
    {
        JsonNode media = null!;
        for (var i = 0; i < count; i++)
        {
            media = (await _api.CallAsync(HttpMethod.Post, $"/v1/spaces/{spaceId}/join", await _api.UserAsync("listener"), HttpStatusCode.OK))["media"]!;
        }

        return media;
    }

    private async Task<JsonNode> ReadinessAsync() => await Api.ExpectAsync(await _api.Http.GetAsync("/health/ready"), HttpStatusCode.OK);
}
