using System.Net;
using System.Text.Json.Nodes;
using Spaces.Gateway.Tests.Infrastructure;
using static Spaces.Gateway.Tests.Http.SpacesClient;
using static Spaces.Gateway.Tests.Media.MediaProbe;

namespace Spaces.Gateway.Tests.Media;

/// <summary>
/// Architecture rule 5: the Space's state is the truth and audio converges to it. While LiveKit fails or hangs,
/// every API call still answers at once and readiness reports the degradation; once LiveKit is back, each room
/// receives its operations in the order the Space issued them and ends up matching the Space.
/// </summary>
[Collection(MediaCollection.Name)]
public sealed class LiveKitOutageTests(MediaHost host)
{
    private readonly Api _api = host.Api;

    public static TheoryData<string> Outages => ["503", "hang"];

    [Theory]
    [MemberData(nameof(Outages))]
    public async Task The_API_answers_promptly_while_LiveKit_is_down_and_the_rooms_converge_after(string outage)
    {
        // Once while LiveKit is up, so the timings below measure the outage rather than a cold start.
        await WarmUpAsync();

        // A room that exists and a listener connected to it, before the outage.
        var (creator, connected) = await _api.LiveSpaceAsync("Before the outage");
        await host.LiveKit.WaitForCallAsync(connected, "CreateRoom");
        var promoted = await _api.RaisedHandAsync(connected);
        host.LiveKit.AddParticipant(connected, promoted.Id, audioTrackSid: "TR_promoted", permission: new() { CanSubscribe = true });
        var scheduledHost = await _api.UserAsync("host", followers: 600);
        var shortLivedHost = await _api.UserAsync("host", followers: 600);
        var listener = await _api.UserAsync("listener");

        Fail(outage);
        try
        {
            // Create and start a Space, accept a hand into it: its room does not exist yet.
            var scheduled = (await _api.PromptlyAsync(HttpMethod.Post, "/v1/spaces", scheduledHost, ScheduledBody()))["id"]!.GetValue<string>();
            await _api.PromptlyAsync(HttpMethod.Post, $"/v1/spaces/{scheduled}/start", scheduledHost);
            await _api.PromptlyAsync(HttpMethod.Post, $"/v1/spaces/{scheduled}/join", listener);
            await _api.PromptlyAsync(HttpMethod.Put, $"/v1/spaces/{scheduled}/hand", listener);
            await _api.PromptlyAsync(HttpMethod.Post, $"/v1/spaces/{scheduled}/speakers/{listener.Id}", scheduledHost);

            // Accept a hand and mute in the existing room.
            await _api.PromptlyAsync(HttpMethod.Post, $"/v1/spaces/{connected}/speakers/{promoted.Id}", creator);
            await _api.PromptlyAsync(HttpMethod.Post, $"/v1/spaces/{connected}/mute/{promoted.Id}", creator);

            // Create and end a Space before its room was ever made.
            var shortLived = (await _api.PromptlyAsync(HttpMethod.Post, "/v1/spaces", shortLivedHost, new JsonObject { ["title"] = "Short" }))["id"]!.GetValue<string>();
            await _api.PromptlyAsync(HttpMethod.Post, $"/v1/spaces/{shortLived}/end", shortLivedHost);

            // The Spaces' state is already right.
            Assert.Equal([listener.Id], Strings((await _api.SpaceAsync(scheduled, listener))["speaker_ids"]));
            Assert.True(StageMember(await _api.ParticipantsAsync(connected, creator), promoted.Id)["muted"]!.GetValue<bool>());
            Assert.Equal("ended", (await _api.SpaceAsync(shortLived, listener))["state"]!.GetValue<string>());

            var ready = await ReadinessAsync();
            Assert.Equal("degraded", ready["checks"]!["livekit"]!["status"]!.GetValue<string>());
            Assert.Equal("healthy", ready["checks"]!["grains"]!["status"]!.GetValue<string>());
            Assert.Null(host.LiveKit.GetRoom(scheduled));

            var createsDuringOutage = host.LiveKit.CallsFor(shortLived).Count(c => c.Method == "CreateRoom");
            host.LiveKit.Recover();

            // The new room exists, made by CreateRoom (its title is in the metadata), before the permission change.
            var room = await EventuallyAsync(() => host.LiveKit.GetRoom(scheduled), r => r is not null, "the started Space's room created");
            Assert.Equal("Scheduled", JsonNode.Parse(room!.Metadata)!["title"]!.GetValue<string>());
            var calls = await host.LiveKit.WaitForCallsAsync(scheduled, calls => calls.Any(c => HasPermission(c, listener.Id, onStage: true)), "the new speaker's permission");
            Assert.Equal(["CreateRoom", "UpdateParticipant"], Folded(calls).Select(c => c.Method));

            // The connected speaker publishes, muted, as the Space says; permission first, then the mute.
            await EventuallyAsync(() => host.LiveKit.GetParticipant(connected, promoted.Id)!, p => p.Tracks.Single().Muted, "the promoted speaker's microphone muted");
            Assert.Equal(ExpectedPermissionText(onStage: true), PermissionText(host.LiveKit.GetParticipant(connected, promoted.Id)!.Permission));
            Assert.Equal(
                ["CreateRoom", "UpdateParticipant", "ListParticipants", "MutePublishedTrack"],
                Folded(host.LiveKit.CallsFor(connected)).Select(c => c.Method));

            // The ended Space's room is never opened: its pending CreateRoom gave way to the close.
            calls = await host.LiveKit.WaitForCallsAsync(shortLived, calls => calls.Any(c => c.Method == "DeleteRoom"), "DeleteRoom");
            Assert.Equal(createsDuringOutage, calls.Count(c => c.Method == "CreateRoom"));
            Assert.Equal("DeleteRoom", calls[^1].Method);
            Assert.Null(host.LiveKit.GetRoom(shortLived));

            await EventuallyAsync(ReadinessAsync, r => r["status"]!.GetValue<string>() == "healthy", "readiness healthy again");
        }
        finally
        {
            host.LiveKit.Recover();
        }
    }

    [Fact]
    public async Task Operations_refused_by_LiveKit_are_dropped_and_the_next_ones_still_run()
    {
        var (creator, id) = await _api.LiveSpaceAsync();
        await host.LiveKit.WaitForCallAsync(id, "CreateRoom");
        var first = await _api.RaisedHandAsync(id);
        var second = await _api.RaisedHandAsync(id);
        host.LiveKit.AddParticipant(id, second.Id, permission: new() { CanSubscribe = true });

        // A 400 is an answer, not an outage: retrying cannot change it.
        host.LiveKit.FailWith(HttpStatusCode.BadRequest, times: 1);
        await Api.ExpectAsync(await _api.AddSpeakerAsync(id, creator, first.Id), HttpStatusCode.OK);
        await Api.ExpectAsync(await _api.AddSpeakerAsync(id, creator, second.Id), HttpStatusCode.OK);

        await EventuallyAsync(() => PermissionText(host.LiveKit.GetParticipant(id, second.Id)?.Permission), p => p == ExpectedPermissionText(onStage: true), "the second speaker's permission");
        Assert.Single(Folded(host.LiveKit.CallsFor(id)), c => c.Method == "UpdateParticipant" && c.Identity == first.Id);
        Assert.Equal("healthy", (await ReadinessAsync())["checks"]!["livekit"]!["status"]!.GetValue<string>());
    }

    [Fact]
    public async Task Readiness_recovers_when_the_retried_operation_is_refused_once_LiveKit_is_back()
    {
        var (creator, id) = await _api.LiveSpaceAsync();
        await host.LiveKit.WaitForCallAsync(id, "CreateRoom");
        // In the Space but never connected to LiveKit: removing them is retried, then refused as not found.
        var listener = await _api.ListenerAsync(id);

        host.LiveKit.FailWith(HttpStatusCode.ServiceUnavailable);
        try
        {
            await _api.PromptlyAsync(HttpMethod.Post, $"/v1/spaces/{id}/remove/{listener.Id}", creator);
            await host.LiveKit.WaitForCallsAsync(id, calls => calls.Count(c => c.Method == "RemoveParticipant") >= 2, "RemoveParticipant retried");
        }
        finally
        {
            host.LiveKit.Recover();
        }

        await EventuallyAsync(ReadinessAsync, r => r["status"]!.GetValue<string>() == "healthy", "readiness healthy again");
    }

    private void Fail(string outage)
    {
        if (outage == "hang")
        {
            host.LiveKit.Hang();
        }
        else
        {
            host.LiveKit.FailWith(HttpStatusCode.ServiceUnavailable);
        }
    }

    /// <summary>Readiness stays 200 whether LiveKit answers or not: audio is never a gate.</summary>
    private async Task<JsonNode> ReadinessAsync() =>
        await Api.ExpectAsync(await _api.Http.GetAsync("/health/ready"), HttpStatusCode.OK);

    private static JsonObject ScheduledBody() =>
        new() { ["title"] = "Scheduled", ["scheduled_start"] = Timestamp(DateTimeOffset.UtcNow.AddHours(1)) };

    private async Task WarmUpAsync()
    {
        var (creator, id) = await _api.LiveSpaceAsync("Warm-up");
        var speaker = await _api.SpeakerAsync(id, creator);
        await _api.DoAsync(HttpMethod.Post, $"/v1/spaces/{id}/mute/{speaker.Id}", creator);
        await _api.CallAsync(HttpMethod.Post, $"/v1/spaces/{id}/end", creator, HttpStatusCode.OK);
        var (scheduledHost, scheduled, _) = await _api.ScheduledSpaceAsync();
        await _api.CallAsync(HttpMethod.Post, $"/v1/spaces/{scheduled}/start", scheduledHost, HttpStatusCode.OK);
        await host.LiveKit.WaitForCallAsync(id, "DeleteRoom");
    }
}
