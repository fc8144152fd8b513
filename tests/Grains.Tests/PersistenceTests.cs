using Spaces.Grains.Tests.Infrastructure;

namespace Spaces.Grains.Tests;

/// <summary>
/// A Space grain persists its stage and moderation state (never its audience) and keeps seqs increasing across
/// activations, so a client never sees a seq twice.
/// </summary>
[Collection(ClusterCollection.Name)]
public sealed class PersistenceTests(ClusterFixture cluster)
{
    [Fact]
    public async Task Stage_hands_invitations_and_moderation_survive_a_deactivation()
    {
        var scenario = await SpaceScenario.LiveAsync(cluster, "Persisted title");
        var cohost = await scenario.CohostAsync();
        var speaker = await scenario.SpeakerAsync();
        await scenario.Space.MuteAsync(scenario.HostId, speaker);
        var raiser = await scenario.HandRaiserAsync();
        var invitee = await scenario.InviteeAsync();
        var removed = await scenario.ListenerAsync();
        await scenario.Space.RemoveParticipantAsync(scenario.HostId, removed);
        var spammer = await scenario.ListenerAsync();
        await scenario.Space.SetReactionsBlockedAsync(scenario.HostId, spammer, true);
        var before = await scenario.ParticipantsAsync();

        await cluster.Cluster.DeactivateAsync(scenario.Space);

        var space = await scenario.Space.GetAsync();
        var after = await scenario.ParticipantsAsync();
        Assert.Equal((SpaceState.Live, "Persisted title"), (space.State, space.Title));
        Assert.Equal([cohost], space.CohostIds);
        Assert.Equal([speaker], space.SpeakerIds);
        Assert.Equal([invitee], space.InvitedUserIds);
        Assert.Equal(before.Stage.Select(m => (m.UserId, m.Role, m.Muted)), after.Stage.Select(m => (m.UserId, m.Role, m.Muted)));
        Assert.Equal([raiser], after.Hands.Select(h => h.UserId));
        Assert.Equal(0, after.ListenerCount);
        await Refused.AsForbiddenAsync(ErrorCodes.RemovedFromSpace, () => scenario.Space.JoinAsync(removed));
        await scenario.Space.JoinAsync(spammer);
        await Refused.AsForbiddenAsync(ErrorCodes.ReactionsBlocked, () => scenario.Space.ReactAsync(spammer, "👍"));
    }

    [Fact]
    public async Task Seq_after_a_reactivation_is_above_every_seq_handed_out_before()
    {
        var scenario = await SpaceScenario.LiveAsync(cluster);
        var recorder = await EventRecorder.SubscribeAsync(cluster.Client, scenario.Space);
        await scenario.SpeakerAsync();
        var seen = (await recorder.NextAsync(3)).Max(e => e.Seq);

        await cluster.Cluster.DeactivateAsync(scenario.Space);

        var resumed = await scenario.Space.GetEventsSinceAsync(seen);
        Assert.Empty(resumed.Events);
        var resync = Assert.IsType<Resync>(resumed.Resync);
        Assert.True(resync.Seq > seen, $"seq {resync.Seq} after reactivation, {seen} before");
        var again = await EventRecorder.SubscribeAsync(cluster.Client, scenario.Space);
        await scenario.Space.MuteAsync(scenario.HostId, scenario.HostId);
        var next = Assert.Single(await again.NextAsync(1));
        Assert.True(next.Seq > resync.Seq, $"seq {next.Seq} after reactivation, {seen} before");
    }

    [Fact]
    public async Task Scheduled_Space_survives_a_deactivation_and_can_still_be_started()
    {
        var scenario = await SpaceScenario.ScheduledAsync(cluster);

        await cluster.Cluster.DeactivateAsync(scenario.Space);
        var started = await scenario.Space.StartAsync(scenario.HostId);

        Assert.Equal((SpaceState.Live, scenario.Created.ScheduledStart), (started.State, started.ScheduledStart));
    }
}
