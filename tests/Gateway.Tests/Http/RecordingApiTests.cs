using System.Net;
using System.Text.Json.Nodes;
using Spaces.Gateway.Tests.Infrastructure;
using Spaces.LiveKit.Protocol;
using Spaces.LiveKit.Testing;
using Spaces.LiveKit.Webhooks;
using static Spaces.Gateway.Tests.Http.SpacesClient;

namespace Spaces.Gateway.Tests.Http;

/// <summary>
/// product.md "Recordings" over HTTP: the create field <c>record</c>, the recording routes, the Space's
/// <c>recording</c> moved on by LiveKit's signed egress webhooks, who may get a replay, and the file egress's
/// requests against LiveKit's official Node SDK.
/// </summary>
[Collection(SharedGatewayCollection.Name)]
public sealed class RecordingApiTests(GatewayHost host, LiveKitOracle oracle) : IClassFixture<LiveKitOracle>
{
    private readonly Api _api = host.Api;

    [Fact]
    public async Task A_Space_created_with_record_is_recorded_until_its_end_and_the_replay_is_the_hosts_until_public()
    {
        var creator = await _api.UserAsync("host", followers: 600);
        var created = await Api.ExpectAsync(
            await _api.CreateSpaceAsync(creator, new JsonObject { ["title"] = "On the record", ["record"] = true }), HttpStatusCode.Created);
        var id = created["id"]!.GetValue<string>();
        Assert.Equal("starting", (string?)created["recording"]!["state"]);
        var listener = await _api.ListenerAsync(id);
        var egress = await FileEgressAsync(id);

        await SendEgressWebhookAsync(WebhookEventNames.EgressStarted, host.LiveKit.AdvanceEgress(egress.EgressId, EgressStatus.Active));
        Assert.Equal("recording", (string?)(await _api.SpaceAsync(id, listener))["recording"]!["state"]);
        var ended = await _api.CallAsync(HttpMethod.Post, $"/v1/spaces/{id}/end", creator, HttpStatusCode.OK);
        Assert.Equal("processing", (string?)ended["recording"]!["state"]);
        await EventuallyAsync(() => host.LiveKit.Egresses.Single(e => e.EgressId == egress.EgressId).Status == EgressStatus.Ending, "the stop of the file egress");
        await SendEgressWebhookAsync(WebhookEventNames.EgressEnded, host.LiveKit.AdvanceEgress(egress.EgressId, EgressStatus.Complete));

        var recording = (await _api.SpaceAsync(id, listener))["recording"]!;
        Assert.Equal(["duration", "public", "started_at", "state", "url"], Keys(recording));
        Assert.Equal(("ready", $"/v1/spaces/{id}/replay", false), ((string?)recording["state"], (string?)recording["url"], recording["public"]!.GetValue<bool>()));
        Assert.True(recording["duration"]!.GetValue<double>() >= 0);
        var replay = await _api.GetAsync($"/v1/spaces/{id}/replay", creator);
        Assert.Equal($"memory://spaces/{id}/recording.ogg", (string?)replay["file_url"]);
        await _api.FailAsync(HttpMethod.Get, $"/v1/spaces/{id}/replay", listener, HttpStatusCode.Forbidden, "replay_not_public");
        Assert.Empty(Strings((await _api.GetAsync($"/v1/users/{creator.Id}/replays", listener))["data"], "space_id"));
        Assert.Equal([id], Strings((await _api.GetAsync($"/v1/users/{creator.Id}/replays", creator))["data"], "space_id"));

        await _api.FailAsync(HttpMethod.Put, $"/v1/spaces/{id}/replay/public", listener, HttpStatusCode.Forbidden, "host_only");
        var published = await _api.CallAsync(HttpMethod.Put, $"/v1/spaces/{id}/replay/public", creator, HttpStatusCode.OK);
        Assert.True(published["recording"]!["public"]!.GetValue<bool>());
        Assert.Equal(id, (string?)(await _api.GetAsync($"/v1/spaces/{id}/replay", listener))["space_id"]);
        Assert.Equal([id], Strings((await _api.GetAsync($"/v1/users/{creator.Id}/replays", listener))["data"], "space_id"));
    }

    [Fact]
    public async Task The_host_turns_recording_on_and_off_while_live()
    {
        var (creator, id) = await _api.LiveSpaceAsync();

        var on = await _api.CallAsync(HttpMethod.Put, $"/v1/spaces/{id}/recording", creator, HttpStatusCode.OK);
        Assert.Equal("starting", (string?)on["recording"]!["state"]);
        var egress = await FileEgressAsync(id);
        await SendEgressWebhookAsync(WebhookEventNames.EgressStarted, host.LiveKit.AdvanceEgress(egress.EgressId, EgressStatus.Active));

        var off = await _api.CallAsync(HttpMethod.Delete, $"/v1/spaces/{id}/recording", creator, HttpStatusCode.OK);
        Assert.Equal(("live", "processing"), ((string?)off["state"], (string?)off["recording"]!["state"]));
        await EventuallyAsync(() => host.LiveKit.Egresses.Single(e => e.EgressId == egress.EgressId).Status == EgressStatus.Ending, "the stop of the file egress");
        await _api.FailAsync(HttpMethod.Put, $"/v1/spaces/{id}/recording", creator, HttpStatusCode.Conflict, "wrong_state");
    }

    [Fact]
    public async Task The_recording_routes_answer_their_problems()
    {
        var (creator, id) = await _api.LiveSpaceAsync();
        var listener = await _api.ListenerAsync(id);

        await _api.FailAsync(HttpMethod.Put, $"/v1/spaces/{id}/recording", listener, HttpStatusCode.Forbidden, "host_only");
        await _api.FailAsync(HttpMethod.Put, "/v1/spaces/not-an-id/recording", creator, HttpStatusCode.BadRequest, "invalid_id", "id");
        await _api.FailAsync(HttpMethod.Put, $"/v1/spaces/{UnknownSpaceId}/recording", creator, HttpStatusCode.NotFound, "space_not_found");
        await _api.FailAsync(HttpMethod.Put, $"/v1/spaces/{id}/replay/public", creator, HttpStatusCode.Conflict, "not_recorded");
        await _api.FailAsync(HttpMethod.Get, $"/v1/spaces/{id}/replay", creator, HttpStatusCode.NotFound, "replay_not_found");
        await _api.FailAsync(HttpMethod.Get, "/v1/users/bad~id/replays", creator, HttpStatusCode.BadRequest, "invalid_id", "id");

        await _api.CallAsync(HttpMethod.Post, $"/v1/spaces/{id}/end", creator, HttpStatusCode.OK);
        await _api.FailAsync(HttpMethod.Put, $"/v1/spaces/{id}/recording", creator, HttpStatusCode.Conflict, "space_ended");
        Assert.Null((await _api.SpaceAsync(id, creator))["recording"]);
    }

    [Fact]
    public async Task The_file_egress_start_and_stop_equal_the_official_EgressClients()
    {
        var creator = await _api.UserAsync("host", followers: 600);
        var created = await Api.ExpectAsync(
            await _api.CreateSpaceAsync(creator, new JsonObject { ["title"] = "Conformance", ["record"] = true }), HttpStatusCode.Created);
        var id = created["id"]!.GetValue<string>();
        var egress = await FileEgressAsync(id);
        await SendEgressWebhookAsync(WebhookEventNames.EgressStarted, host.LiveKit.AdvanceEgress(egress.EgressId, EgressStatus.Active));
        await _api.CallAsync(HttpMethod.Post, $"/v1/spaces/{id}/end", creator, HttpStatusCode.OK);
        await EventuallyAsync(() => host.LiveKit.Egresses.Single(e => e.EgressId == egress.EgressId).Status == EgressStatus.Ending, "the stop of the file egress");

        var official = await OfficialRequests.CaptureAsync(oracle, "egress-requests");

        // The official script records room "space-1" to an S3 bucket and stops "EG_1"; a Space writes to the egress
        // service's own storage: the same requests, names and the bucket aside.
        var recording = (JsonObject)official[1].DeepClone();
        foreach (var output in recording["body"]!["fileOutputs"]!.AsArray())
        {
            Assert.True(output!.AsObject().Remove("s3"), "the official file output names its bucket");
        }

        var ours = host.LiveKit.Requests
            .Where(r => r.Method is "StartRoomCompositeEgress" or "StopEgress"
                && (r.Body.Contains($"\"{id}\"", StringComparison.Ordinal) || r.Body.Contains($"\"{egress.EgressId}\"", StringComparison.Ordinal)))
            .Select(r => r with { Body = r.Body.Replace(id, "space-1", StringComparison.Ordinal).Replace($"\"{egress.EgressId}\"", "\"EG_1\"", StringComparison.Ordinal) })
            .ToList();
        OfficialRequests.AssertSameRequests([recording, official[^1]], ours);
    }

    private async Task<EgressInfo> FileEgressAsync(string spaceId)
    {
        await EventuallyAsync(() => host.LiveKit.Egresses.Any(e => e.RoomName == spaceId), "the file egress");
        var egress = Assert.Single(host.LiveKit.Egresses, e => e.RoomName == spaceId);
        Assert.Single(egress.RoomComposite!.FileOutputs);
        return egress;
    }

    private async Task SendEgressWebhookAsync(string name, EgressInfo egress)
    {
        var webhook = new WebhookEvent { Event = name, Id = $"EV_{Guid.NewGuid():N}", EgressInfo = egress };
        using var response = await host.LiveKit.SendWebhookAsync(new Uri(host.BaseAddress, "/v1/webhooks/livekit"), webhook);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    private static Task EventuallyAsync(Func<bool> condition, string what) => TicketsClient.EventuallyAsync(() => Task.FromResult(condition()), what);
}
