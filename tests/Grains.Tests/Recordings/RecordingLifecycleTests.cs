using Spaces.Grains.Tests.Infrastructure;
using Spaces.LiveKit.Protocol;

namespace Spaces.Grains.Tests.Recordings;

/// <summary>
/// product.md "Recordings": the host records from creation or while live; the file egress runs until recording is
/// turned off or the Space ends; its egress_ended makes the recording ready with the replay's url and duration.
/// </summary>
[Collection(ClusterCollection.Name)]
public sealed class RecordingLifecycleTests(ClusterFixture cluster)
{
    [Fact]
    public async Task Recording_asked_at_creation_starts_with_the_Space_and_is_ready_when_the_file_is_written()
    {
        var scenario = await SpaceScenario.CreateAsync(cluster, new NewSpaceRequest("Recorded", null, null, null, Record: true));
        Assert.Equal(RecordingState.Starting, scenario.Created.Recording?.State);
        var recording = new RecordingScenario(cluster, scenario.SpaceId);

        var egress = await recording.StartedAsync();
        Assert.True(egress.RoomComposite!.AudioOnly);
        await recording.ActiveAsync(egress);
        var active = (await scenario.Space.GetAsync()).Recording!;
        Assert.Equal((RecordingState.Recording, cluster.Time.GetUtcNow()), (active.State, active.StartedAt));
        Assert.Null(active.Url);

        var ended = await scenario.Space.EndAsync(scenario.HostId);
        Assert.Equal(RecordingState.Processing, ended.Recording?.State);
        await recording.StoppedAsync(egress);
        await recording.EndedAsync(egress);

        var ready = (await scenario.Space.GetAsync()).Recording!;
        Assert.Equal(RecordingState.Ready, ready.State);
        Assert.Equal(Replays.PathOf(scenario.SpaceId), ready.Url);
        Assert.Equal(RecordingScenario.RecordedFor.TotalSeconds, ready.Duration);
        Assert.False(ready.Public);
        var replay = await scenario.Space.GetReplayAsync(scenario.HostId);
        Assert.Equal($"memory://spaces/{scenario.SpaceId}/recording.ogg", replay.FileUrl);
        Assert.Equal((RecordingScenario.RecordedFor.TotalSeconds, active.StartedAt!.Value), (replay.Duration, replay.StartedAt));
        Assert.Single(recording.FileEgresses);
    }

    [Fact]
    public async Task Recording_turned_on_while_scheduled_waits_for_go_live()
    {
        var scenario = await SpaceScenario.ScheduledAsync(cluster);
        var recording = new RecordingScenario(cluster, scenario.SpaceId);

        var pending = await scenario.Space.SetRecordingAsync(scenario.HostId, on: true);
        Assert.Equal(RecordingState.Pending, pending.Recording?.State);
        Assert.Empty(recording.FileEgresses); // nothing is sent before the turn that goes live (state first, then effects)

        var live = await scenario.Space.StartAsync(scenario.HostId);
        Assert.Equal(RecordingState.Starting, live.Recording?.State);
        await recording.StartedAsync();
    }

    [Fact]
    public async Task Recording_turned_on_while_live_starts_once_and_turning_it_off_makes_the_replay()
    {
        var scenario = await SpaceScenario.LiveAsync(cluster);
        var recording = new RecordingScenario(cluster, scenario.SpaceId);
        Assert.Null(scenario.Created.Recording);

        var on = await scenario.Space.SetRecordingAsync(scenario.HostId, on: true);
        var again = await scenario.Space.SetRecordingAsync(scenario.HostId, on: true);
        Assert.Equal((RecordingState.Starting, RecordingState.Starting), (on.Recording?.State, again.Recording?.State));
        var egress = await recording.StartedAsync();
        await recording.ActiveAsync(egress);

        var off = await scenario.Space.SetRecordingAsync(scenario.HostId, on: false);
        Assert.Equal((SpaceState.Live, RecordingState.Processing), (off.State, off.Recording?.State));
        await recording.StoppedAsync(egress);
        await recording.EndedAsync(egress);
        Assert.Equal(RecordingState.Ready, (await scenario.Space.GetAsync()).Recording?.State);

        // One recording per Space: the replay is made.
        await Refused.AsConflictAsync(ErrorCodes.WrongState, () => scenario.Space.SetRecordingAsync(scenario.HostId, on: true));
        await scenario.Space.EndAsync(scenario.HostId);
        Assert.Single(recording.FileEgresses);
    }

    [Fact]
    public async Task A_recording_whose_egress_fails_is_failed_not_restarted_and_may_be_turned_on_again()
    {
        var scenario = await SpaceScenario.CreateAsync(cluster, new NewSpaceRequest("Fragile", null, null, null, Record: true));
        var recording = new RecordingScenario(cluster, scenario.SpaceId);
        var first = await recording.StartedAsync();

        await recording.EndedAsync(first, EgressStatus.Failed, "no egress worker");
        Assert.Equal(RecordingState.Failed, (await scenario.Space.GetAsync()).Recording?.State);

        var on = await scenario.Space.SetRecordingAsync(scenario.HostId, on: true);
        Assert.Equal(RecordingState.Starting, on.Recording?.State);
        // Room operations run in order: had the failure restarted the file egress, that start would come before this one.
        var second = await recording.StartedAsync(count: 2);
        Assert.NotEqual(first.EgressId, second.EgressId);
    }

    [Fact]
    public async Task A_recording_turned_off_before_it_went_live_is_forgotten_and_a_canceled_Space_records_nothing()
    {
        var scenario = await SpaceScenario.ScheduledAsync(cluster);
        await scenario.Space.SetRecordingAsync(scenario.HostId, on: true);

        Assert.Null((await scenario.Space.SetRecordingAsync(scenario.HostId, on: false)).Recording);

        await scenario.Space.SetRecordingAsync(scenario.HostId, on: true);
        Assert.Null((await scenario.Space.CancelAsync(scenario.HostId)).Recording);
    }

    [Fact]
    public async Task Only_the_host_records_and_never_after_the_end()
    {
        var scenario = await SpaceScenario.LiveAsync(cluster);
        var cohost = await scenario.CohostAsync();

        await Refused.AsForbiddenAsync(ErrorCodes.HostOnly, () => scenario.Space.SetRecordingAsync(cohost, on: true));
        await Refused.AsForbiddenAsync(ErrorCodes.HostOnly, () => scenario.Space.SetRecordingAsync(TestIds.User(), on: true));

        await scenario.Space.EndAsync(scenario.HostId);
        await Refused.AsConflictAsync(ErrorCodes.SpaceEnded, () => scenario.Space.SetRecordingAsync(scenario.HostId, on: true));
        await Refused.AsConflictAsync(ErrorCodes.SpaceEnded, () => scenario.Space.SetRecordingAsync(scenario.HostId, on: false));
        Assert.Null((await scenario.Space.GetAsync()).Recording);
        Assert.Empty(new RecordingScenario(cluster, scenario.SpaceId).FileEgresses);
    }
}
