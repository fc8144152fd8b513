using System.Text.Json.Nodes;
using Spaces.Grains.Tests.Infrastructure;
using Spaces.LiveKit.Testing;

namespace Spaces.Grains.Tests;

/// <summary>
/// Architecture rule 5, by construction: a turn's side effects — LiveKit room operations, events to gateways,
/// notifications, discovery listings — go out only after its state write succeeded, in the order the turn made
/// them. A refused write lets none out, changes nothing, and answers storage_unavailable. The storage is the real
/// in-memory one behind <see cref="FailingGrainStorage"/>; LiveKit is a real server on 127.0.0.1.
/// </summary>
[Collection(ClusterCollection.Name)]
public sealed class StateFirstTests(ClusterFixture cluster)
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task A_refused_write_lets_nothing_out_and_the_retry_lets_each_effect_out_once_in_order()
    {
        var scenario = await SpaceScenario.LiveAsync(cluster);
        var (space, host) = (scenario.Space, scenario.HostId);
        var speaker = await scenario.SpeakerAsync();
        var invitee = await scenario.ListenerAsync("invitee");
        var recorder = await EventRecorder.SubscribeAsync(cluster.Client, space);

        cluster.Storage.FailNextWrite(space.GetGrainId());
        await RefusedForStorageAsync(() => space.MoveToAudienceAsync(host, speaker));
        cluster.Storage.FailNextWrite(space.GetGrainId());
        await RefusedForStorageAsync(() => space.AddSpeakerAsync(host, invitee));

        // Nothing changed: the speaker keeps the seat, nobody is invited.
        Assert.Equal(Role.Speaker, await scenario.StageRoleOfAsync(speaker));
        Assert.Empty((await scenario.ParticipantsAsync()).InvitedUserIds);
        Assert.Equal(0, recorder.Pending);

        await space.MoveToAudienceAsync(host, speaker);
        Assert.Equal(SpeakerAction.Invited, await space.AddSpeakerAsync(host, invitee));
        await space.EndAsync(host);

        // The refused changes used no seq and sent no event: the stored ones follow the subscription seq directly.
        var events = await recorder.NextAsync(3);
        Assert.Equal([recorder.SubscribedAtSeq + 1, recorder.SubscribedAtSeq + 2, recorder.SubscribedAtSeq + 3], events.Select(e => e.Seq));
        Assert.Equal(StageChange.MovedToAudience, Assert.IsType<StageChanged>(events[0]).Change);
        Assert.Equal(invitee, Assert.IsType<SpeakerInvited>(events[1]).UserId);
        Assert.IsType<SpaceEnded>(events[2]);

        // A room's operations run in order and the room closes last: once it is deleted, every operation arrived.
        var calls = await RoomCallsAsync(scenario.SpaceId, calls => calls.Any(c => c.Method == "DeleteRoom"));
        Assert.Single(calls, c => c.Method == "UpdateParticipant" && Identity(c) == speaker && !CanPublish(c));
        Assert.Single(calls, c => c.Method == "DeleteRoom");

        var inbox = await Eventually.MatchesAsync(() => cluster.User(invitee).GetNotificationsAsync(), n => n.Count > 0, "the invitation");
        Assert.Equal(NotificationKind.SpeakerInvitation, Assert.Single(inbox).Kind);
    }

    [Fact]
    public async Task An_end_that_was_not_stored_leaves_the_Space_live_in_LiveKit_and_in_discovery()
    {
        var topic = $"t{Guid.NewGuid():N}"[..20];
        var scenario = await SpaceScenario.CreateAsync(cluster, new NewSpaceRequest("Still on", null, [topic], null));
        var listener = await scenario.ListenerAsync();
        await RoomCallsAsync(scenario.SpaceId, calls => calls.Any(c => c.Method == "CreateRoom"));
        await ListedAsync(topic, listed => listed.Count == 1);

        cluster.Storage.FailNextWrite(scenario.Space.GetGrainId());
        await RefusedForStorageAsync(() => scenario.Space.EndAsync(scenario.HostId));

        Assert.Equal(SpaceState.Live, (await scenario.Space.GetAsync()).State);
        Assert.Equal(listener, Assert.Single((await scenario.ParticipantsAsync()).Listeners));
        Assert.Equal(scenario.SpaceId, Assert.Single(await ListedAsync(topic, _ => true)).Id);
        Assert.DoesNotContain(RoomCalls(scenario.SpaceId), c => c.Method == "DeleteRoom");

        await scenario.Space.EndAsync(scenario.HostId);

        var calls = await RoomCallsAsync(scenario.SpaceId, calls => calls.Any(c => c.Method == "DeleteRoom"));
        Assert.Equal(["CreateRoom", "DeleteRoom"], calls.Select(c => c.Method));
        await ListedAsync(topic, listed => listed.Count == 0);
    }

    [Fact]
    public async Task No_room_operation_reaches_LiveKit_before_the_write_of_its_change_completed()
    {
        var scenario = await SpaceScenario.LiveAsync(cluster);
        var raiser = await scenario.HandRaiserAsync();
        await RoomCallsAsync(scenario.SpaceId, calls => calls.Any(c => c.Method == "CreateRoom"));
        var grain = scenario.Space.GetGrainId();

        var hold = cluster.Storage.HoldNextWrite(grain);
        var accepting = scenario.Space.AddSpeakerAsync(scenario.HostId, raiser);
        await hold.Started.Task.WaitAsync(Patience);
        // While the write waits, a room operation that jumped it would reach LiveKit: give it the chance.
        await WaitForAsync(() => RoomCalls(scenario.SpaceId).Any(c => Identity(c) == raiser), TimeSpan.FromMilliseconds(300));
        hold.Release();
        Assert.Equal(SpeakerAction.HandAccepted, await accepting);

        var written = cluster.Storage.WritesCompleted(grain)[^1];
        var calls = await RoomCallsAsync(scenario.SpaceId, calls => calls.Any(c => Identity(c) == raiser));
        var update = Assert.Single(calls, c => Identity(c) == raiser);
        Assert.True(CanPublish(update));
        Assert.True(update.ReceivedAt >= written, $"LiveKit got {update.Method} at {update.ReceivedAt:O}, before the write completed at {written:O}");
    }

    private static Task RefusedForStorageAsync(Func<Task> call) => Refused.ByAsync(ErrorKind.Unavailable, ErrorCodes.StorageUnavailable, call);

    /// <summary>The RoomService requests about one room, in arrival order.</summary>
    private List<RecordedRequest> RoomCalls(string room) =>
        [.. cluster.LiveKit.Requests.Where(r => JsonNode.Parse(r.Body) is JsonObject body && (Text(body, "room") ?? Text(body, "name")) == room)];

    private async Task<List<RecordedRequest>> RoomCallsAsync(string room, Func<List<RecordedRequest>, bool> done)
    {
        await WaitForAsync(() => done(RoomCalls(room)), Patience);
        var calls = RoomCalls(room);
        Assert.True(done(calls), $"LiveKit did not get the expected calls for room {room}: {string.Join(", ", calls.Select(c => c.Method))}");
        return calls;
    }

    private Task<IReadOnlyList<SpaceView>> ListedAsync(string topic, Func<IReadOnlyList<SpaceView>, bool> done) =>
        Eventually.MatchesAsync(
            async () => (await cluster.Client.GetGrain<ISpaceDirectoryGrain>(0).GetLiveAsync(new DiscoveryQuery(topic, null, null, null, null))).Data,
            done,
            "the discovery listing");

    private static async Task WaitForAsync(Func<bool> condition, TimeSpan wait)
    {
        using var timeout = new CancellationTokenSource(wait);
        while (!condition() && !timeout.IsCancellationRequested)
        {
            await Task.Delay(10, CancellationToken.None);
        }
    }

    private static string? Identity(RecordedRequest call) => Text(JsonNode.Parse(call.Body)!.AsObject(), "identity");

    private static bool CanPublish(RecordedRequest call) =>
        JsonNode.Parse(call.Body)?["permission"]?["canPublish"]?.GetValue<bool>() == true;

    private static string? Text(JsonObject body, string name) =>
        body.TryGetPropertyValue(name, out var value) && value is JsonValue text && text.TryGetValue<string>(out var s) ? s : null;
}
