using System.Net;
using System.Text.Json.Nodes;
using Spaces.Gateway.Tests.Infrastructure;
using static Spaces.Gateway.Tests.Infrastructure.EventClient;

namespace Spaces.Gateway.Tests.Realtime;

[Collection(RealtimeCollection.Name)]
public sealed class WebSocketTests(RealtimeHost host)
{
    private Api Api => host.Api;

    [Fact]
    public async Task Every_event_type_reaches_a_subscriber_with_increasing_seq()
    {
        var hostUser = await Api.UserAsync("host", followers: 600);
        var spaceId = await CreateScheduledAsync(hostUser);
        var otherScheduled = await CreateScheduledAsync(hostUser);
        await using var client = await EventClient.ConnectAsync(Api, hostUser.Token);
        await client.SubscribeAsync(spaceId);
        await client.SubscribeAsync(otherScheduled);

        await Call(HttpMethod.Patch, $"/v1/spaces/{spaceId}", hostUser, new JsonObject { ["title"] = "Renamed" });
        await Call(HttpMethod.Post, $"/v1/spaces/{spaceId}/start", hostUser);
        var speaker = await Api.ListenerAsync(spaceId);
        var invitee = await Api.ListenerAsync(spaceId);
        Assert.Equal(3, (await client.NextEventAsync("audience.count"))["participant_count"]!.GetValue<int>());
        await Call(HttpMethod.Put, $"/v1/spaces/{spaceId}/hand", speaker);
        await Call(HttpMethod.Delete, $"/v1/spaces/{spaceId}/hand", speaker);
        await Call(HttpMethod.Put, $"/v1/spaces/{spaceId}/hand", speaker);
        await Call(HttpMethod.Post, $"/v1/spaces/{spaceId}/speakers/{speaker.Id}", hostUser);
        await Call(HttpMethod.Post, $"/v1/spaces/{spaceId}/mute/{speaker.Id}", hostUser);
        await Call(HttpMethod.Post, $"/v1/spaces/{spaceId}/speakers/{invitee.Id}", hostUser);
        await Call(HttpMethod.Post, $"/v1/spaces/{spaceId}/reactions", invitee, new JsonObject { ["emoji"] = "💯" });
        await Call(HttpMethod.Post, $"/v1/spaces/{spaceId}/remove/{invitee.Id}", hostUser);
        await Call(HttpMethod.Post, $"/v1/spaces/{spaceId}/end", hostUser);
        await Call(HttpMethod.Post, $"/v1/spaces/{otherScheduled}/cancel", hostUser);

        var events = await client.EventsUntilAsync(f => Type(f) == "space.canceled");
        var ofSpace = events.Where(e => e["space_id"]!.GetValue<string>() == spaceId).ToList();
        Assert.Equal(
            ["space.updated", "space.started", "hand.raised", "hand.lowered", "hand.raised", "hand.lowered", "stage.changed", "stage.changed",
             "speaker.invited", "reaction", "participant.removed", "stage.changed", "space.ended"],
            ofSpace.Select(Type).Where(t => t != "audience.count"));
        AssertIncreasing(ofSpace);
        Assert.All(events, e => Assert.NotNull(e["at"]));
        Assert.Equal("accepted", ofSpace.Where(e => Type(e) == "hand.lowered").Last()["reason"]!.GetValue<string>());
        var muted = ofSpace.Single(e => Type(e) == "stage.changed" && e["change"]!.GetValue<string>() == "muted");
        Assert.Equal(speaker.Id, muted["stage"]!["muted_user_ids"]![0]!.GetValue<string>());
    }

    [Fact]
    public async Task Resuming_with_since_seq_replays_exactly_the_missed_events()
    {
        var (hostUser, spaceId) = await Api.LiveSpaceAsync();
        var listener = await Api.ListenerAsync(spaceId);
        long seenUpTo;
        await using (var first = await EventClient.ConnectAsync(Api, hostUser.Token))
        {
            await first.SubscribeAsync(spaceId);
            await Call(HttpMethod.Put, $"/v1/spaces/{spaceId}/hand", listener);
            seenUpTo = Seq(await first.NextEventAsync("hand.raised"));
        }

        // While "offline": three stage events.
        await Call(HttpMethod.Delete, $"/v1/spaces/{spaceId}/hand", listener);
        await Call(HttpMethod.Put, $"/v1/spaces/{spaceId}/hand", listener);
        await Call(HttpMethod.Post, $"/v1/spaces/{spaceId}/speakers/{listener.Id}", hostUser);

        await using var resumed = await EventClient.ConnectAsync(Api, hostUser.Token);
        var ack = await resumed.SubscribeAsync(spaceId, sinceSeq: seenUpTo);
        var replayed = resumed.Drain().Where(f => f["seq"] is not null).ToList();
        Assert.Equal("subscribed", Type(ack));
        var stageEvents = replayed.Where(e => Type(e) != "audience.count").Select(Type);
        Assert.Equal(["hand.lowered", "hand.raised", "hand.lowered", "stage.changed"], stageEvents);
        Assert.Equal(seenUpTo + 1, Seq(replayed[0]));
        AssertContiguous(replayed);
    }

    [Fact]
    public async Task Resuming_from_beyond_the_buffer_gets_one_resync_then_live_events()
    {
        var (hostUser, spaceId) = await Api.LiveSpaceAsync();
        var listener = await Api.ListenerAsync(spaceId);
        await using var watcher = await EventClient.ConnectAsync(Api, hostUser.Token);
        var since = (await watcher.SubscribeAsync(spaceId))["seq"]!.GetValue<long>();

        // More events than any Space buffers (at least 256; 512 by default).
        await FloodReactionsAsync(spaceId, listener, 600);

        await using var resumed = await EventClient.ConnectAsync(Api, hostUser.Token);
        await resumed.SubscribeAsync(spaceId, sinceSeq: since);
        var frames = resumed.Drain();
        var resync = Assert.Single(frames, f => Type(f) == "resync");
        Assert.Equal(spaceId, resync["space"]!["id"]!.GetValue<string>());
        Assert.DoesNotContain(frames, f => Type(f) == "reaction" && Seq(f) <= Seq(resync));

        await Call(HttpMethod.Put, $"/v1/spaces/{spaceId}/hand", listener);
        var live = await resumed.NextEventAsync("hand.raised");
        Assert.True(Seq(live) > Seq(resync));
    }

    [Fact]
    public async Task A_gateway_gets_each_event_once_and_fans_it_out_to_all_its_sockets()
    {
        const int Sockets = 40;
        var (hostUser, spaceId) = await Api.LiveSpaceAsync();
        var first = await EventClient.ConnectAsync(Api, hostUser.Token);
        await first.SubscribeAsync(spaceId);
        var listener = await Api.ListenerAsync(spaceId);
        // The join's audience.count is the last event before counting starts: wait for it, not for the clock.
        await first.NextEventAsync("audience.count");
        var others = await Task.WhenAll(Enumerable.Range(1, Sockets - 1).Select(async _ =>
        {
            var client = await EventClient.ConnectAsync(Api, hostUser.Token);
            await client.SubscribeAsync(spaceId);
            return client;
        }));
        EventClient[] clients = [first, .. others];
        using var metrics = new MetricRecorder(host);

        for (var i = 0; i < 5; i++)
        {
            await Call(HttpMethod.Put, $"/v1/spaces/{spaceId}/hand", listener);
            await Call(HttpMethod.Delete, $"/v1/spaces/{spaceId}/hand", listener);
        }

        foreach (var client in clients)
        {
            for (var i = 0; i < 5; i++)
            {
                await client.NextEventAsync("hand.lowered");
            }

            await client.DisposeAsync();
        }

        var fromGrains = metrics["spaces.ws.events_received"];
        Assert.Equal(10, fromGrains);
        Assert.Equal(fromGrains, metrics["spaces.events.gateway_messages"]);
        Assert.Equal(fromGrains * Sockets, metrics["spaces.ws.events_fanned_out"]);
    }

    [Fact]
    public async Task A_burst_of_concurrent_changes_reaches_sockets_in_seq_order_without_gaps()
    {
        var (hostUser, spaceId) = await Api.LiveSpaceAsync();
        var listeners = await Task.WhenAll(Enumerable.Range(0, 50).Select(_ => Api.ListenerAsync(spaceId)));
        await using var client = await EventClient.ConnectAsync(Api, hostUser.Token);
        await client.SubscribeAsync(spaceId);

        // Grain-to-gateway messages are one-way and may overtake each other; the socket must not notice.
        await Task.WhenAll(listeners.Select(l => Call(HttpMethod.Put, $"/v1/spaces/{spaceId}/hand", l)));

        var raised = 0;
        var events = await client.EventsUntilAsync(f => Type(f) == "hand.raised" && ++raised == 50);
        AssertContiguous(events);
    }

    [Fact]
    public async Task Audience_count_is_coalesced_to_two_per_second()
    {
        var (hostUser, spaceId) = await Api.LiveSpaceAsync();
        await using var client = await EventClient.ConnectAsync(Api, hostUser.Token);
        await client.SubscribeAsync(spaceId);
        var started = DateTime.UtcNow;

        var listeners = await Task.WhenAll(Enumerable.Range(0, 60).Select(_ => Api.ListenerAsync(spaceId)));
        var last = await client.NextAsync(f => Type(f) == "audience.count" && f["listener_count"]!.GetValue<int>() == 60);
        var elapsed = DateTime.UtcNow - started;

        var counts = client.Drain().Count(f => Type(f) == "audience.count") + 1;
        Assert.True(counts <= Math.Ceiling(elapsed.TotalSeconds * 2) + 1, $"{counts} audience.count events in {elapsed.TotalSeconds:F1}s for 60 joins");
        Assert.Equal(61, last["participant_count"]!.GetValue<int>()); // the host is on stage

        // Nothing changed, so nothing was sent: the next audience.count is the one for the next change.
        await Call(HttpMethod.Post, $"/v1/spaces/{spaceId}/leave", listeners[0]);
        var next = await client.NextAsync(f => Type(f) == "audience.count");
        Assert.Equal(59, next["listener_count"]!.GetValue<int>());
    }

    [Fact]
    public async Task A_client_that_stops_reading_is_dropped_and_the_others_get_every_event_in_order()
    {
        var (hostUser, spaceId) = await Api.LiveSpaceAsync();
        var listener = await Api.ListenerAsync(spaceId);
        var fast = await Task.WhenAll(Enumerable.Range(0, 3).Select(async _ =>
        {
            var client = await EventClient.ConnectAsync(Api, hostUser.Token);
            await client.SubscribeAsync(spaceId);
            return client;
        }));
        // Subscribes, then never reads: its tiny receive window fills after a few KB.
        var stalled = await RawWebSocket.ConnectAsync(host.BaseAddress, hostUser.Token);
        await EventClient.SendAsync(stalled, EventClient.Subscribe(spaceId));
        using var metrics = new MetricRecorder(host);

        // Flood until the gateway gives up on the stalled socket (bounded), then one closing event.
        for (var round = 0; round < 20 && metrics["spaces.ws.slow_clients_dropped"] == 0; round++)
        {
            await FloodReactionsAsync(spaceId, round == 0 ? listener : await Api.ListenerAsync(spaceId), 500);
        }

        await Call(HttpMethod.Post, $"/v1/spaces/{spaceId}/end", hostUser);

        Assert.True(metrics["spaces.ws.slow_clients_dropped"] == 1, $"dropped={metrics["spaces.ws.slow_clients_dropped"]} received={metrics["spaces.ws.events_received"]} fanned={metrics["spaces.ws.events_fanned_out"]}");
        foreach (var client in fast)
        {
            var events = await client.EventsUntilAsync(f => Type(f) == "space.ended", TimeSpan.FromSeconds(30));
            AssertContiguous(events);
            Assert.True(events.Count(e => Type(e) == "reaction") >= 250);
            await client.DisposeAsync();
        }

        await using var slow = EventClient.Over(stalled);
        Assert.True(await slow.WaitClosedAsync(TimeSpan.FromSeconds(10)), "the stalled socket was not closed");
    }

    [Fact]
    public async Task Ping_gets_pong_and_a_token_in_the_query_authenticates()
    {
        var user = await Api.UserAsync();
        var socket = new System.Net.WebSockets.ClientWebSocket();
        await socket.ConnectAsync(Api.WebSocketUri($"access_token={user.Token}"), CancellationToken.None);
        await using var client = EventClient.Over(socket);
        await client.SendAsync(new JsonObject { ["type"] = "ping" });
        Assert.NotNull((await client.NextEventAsync("pong"))["at"]);
    }

    [Theory]
    [InlineData("not-an-id!", "invalid_id")]
    [InlineData("AAAAAAAAAAAAA", "space_not_found")]
    public async Task Subscribing_to_a_bad_or_unknown_space_answers_an_error_frame(string spaceId, string code)
    {
        var user = await Api.UserAsync();
        await using var client = await EventClient.ConnectAsync(Api, user.Token);
        var answer = await client.SubscribeAsync(spaceId);
        Assert.Equal("error", Type(answer));
        Assert.Equal(code, answer["code"]!.GetValue<string>());
        await client.SendAsync(new JsonObject { ["type"] = "dance" });
        Assert.Equal("type", (await client.NextEventAsync("error"))["field"]!.GetValue<string>());
    }

    [Fact]
    public async Task The_socket_needs_a_token()
    {
        var response = await Api.Http.GetAsync("/v1/ws");
        await Api.ExpectProblemAsync(response, HttpStatusCode.Unauthorized, "unauthenticated");
    }

    private async Task<string> CreateScheduledAsync(User hostUser)
    {
        var body = new JsonObject { ["title"] = "Later", ["scheduled_start"] = DateTimeOffset.UtcNow.AddHours(1).ToString("O") };
        var created = await Api.ExpectAsync(await Api.SendAsync(HttpMethod.Post, "/v1/spaces", hostUser.Token, body), HttpStatusCode.Created);
        return created["id"]!.GetValue<string>();
    }

    private async Task Call(HttpMethod method, string path, User user, JsonObject? body = null)
    {
        var response = await Api.SendAsync(method, path, user.Token, body);
        Assert.True(response.IsSuccessStatusCode, $"{method} {path}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
    }

    /// <summary>Many events fast: reactions from this listener, within its (test-sized) rate limit.</summary>
    private async Task FloodReactionsAsync(string spaceId, User listener, int count)
    {
        var emoji = new JsonObject { ["emoji"] = "👏" };
        await Parallel.ForEachAsync(Enumerable.Range(0, count), new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (_, _) =>
            await Call(HttpMethod.Post, $"/v1/spaces/{spaceId}/reactions", listener, emoji));
    }

    private static void AssertIncreasing(List<JsonNode> events) =>
        Assert.All(events.Zip(events.Skip(1)), pair => Assert.True(Seq(pair.Second) > Seq(pair.First), $"seq {Seq(pair.Second)} after {Seq(pair.First)}"));

    private static void AssertContiguous(List<JsonNode> events) =>
        Assert.All(events.Zip(events.Skip(1)), pair => Assert.Equal(Seq(pair.First) + 1, Seq(pair.Second)));
}
