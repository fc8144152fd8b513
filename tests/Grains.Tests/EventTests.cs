using Spaces.Grains.Tests.Infrastructure;

namespace Spaces.Grains.Tests;

/// <summary>
/// product.md, "WebSocket protocol" as the grain provides it: one observer per gateway gets every event with a
/// per-Space increasing seq; resuming replays buffered events or answers with a resync; audience.count is coalesced.
/// </summary>
[Collection(ClusterCollection.Name)]
public sealed class EventTests(ClusterFixture cluster)
{
    [Fact]
    public async Task Observer_receives_each_change_in_order_with_strictly_increasing_seq()
    {
        var scenario = await SpaceScenario.LiveAsync(cluster);
        var recorder = await EventRecorder.SubscribeAsync(cluster.Client, scenario.Space);
        var space = scenario.Space;
        var host = scenario.HostId;
        var (speaker, invitee, cohost) = (await scenario.ListenerAsync(), await scenario.ListenerAsync(), await scenario.ListenerAsync());

        await space.RaiseHandAsync(speaker);
        await space.AddSpeakerAsync(host, speaker);
        await space.MuteAsync(host, speaker);
        await space.UnmuteAsync(speaker, speaker);
        await space.AddSpeakerAsync(host, invitee);
        await space.DeclineInvitationAsync(invitee);
        await space.ReactAsync(invitee, "👋");
        await space.AddCohostAsync(host, cohost);
        await space.RemoveParticipantAsync(cohost, speaker);
        await space.EndAsync(host);
        var events = await recorder.NextAsync(12);

        Assert.Equal(1, recorder.SubscribedAtSeq);
        Assert.Equal(Enumerable.Range(2, 12).Select(i => (long)i), events.Select(e => e.Seq));
        Assert.All(events, e => Assert.Equal(scenario.SpaceId, e.SpaceId));
        Assert.Equal(
            [
                $"hand.raised {speaker}",
                $"hand.lowered {speaker} Accepted",
                $"stage.changed {speaker} JoinedStage",
                $"stage.changed {speaker} Muted",
                $"stage.changed {speaker} Unmuted",
                $"speaker.invited {invitee} by {host}",
                $"stage.changed {invitee} InvitationDeclined",
                $"reaction {invitee} 👋",
                $"stage.changed {cohost} CohostAdded",
                $"participant.removed {speaker} by {cohost}",
                $"stage.changed {speaker} Removed",
                "space.ended Ended",
            ],
            events.Select(Describe));
        var whileMuted = ((StageChanged)events[3]).Stage;
        Assert.Equal([host], whileMuted.HostIds);
        Assert.Equal([speaker], whileMuted.SpeakerIds);
        Assert.Equal([speaker], whileMuted.MutedUserIds);
        var afterRemoval = ((StageChanged)events[10]).Stage;
        Assert.Equal([cohost], afterRemoval.CohostIds);
        Assert.Empty(afterRemoval.SpeakerIds);
    }

    [Fact]
    public async Task Lifecycle_changes_are_published_with_the_Space()
    {
        var scenario = await SpaceScenario.ScheduledAsync(cluster);
        var recorder = await EventRecorder.SubscribeAsync(cluster.Client, scenario.Space);

        await scenario.Space.UpdateAsync(scenario.HostId, new SpaceUpdate("Retitled", null));
        await scenario.Space.StartAsync(scenario.HostId);
        var events = await recorder.NextAsync(2);

        Assert.Equal("Retitled", Assert.IsType<SpaceUpdated>(events[0]).Space.Title);
        Assert.Equal(SpaceState.Live, Assert.IsType<SpaceStarted>(events[1]).Space.State);
        Assert.True(events[0].Seq < events[1].Seq);
    }

    [Fact]
    public async Task Unsubscribed_observer_receives_nothing_more()
    {
        var scenario = await SpaceScenario.LiveAsync(cluster);
        var gone = await EventRecorder.SubscribeAsync(cluster.Client, scenario.Space);
        var staying = await EventRecorder.SubscribeAsync(cluster.Client, scenario.Space);

        await gone.UnsubscribeAsync(scenario.Space);
        await scenario.Space.ReactAsync(scenario.HostId, "👍");

        await staying.NextAsync(1);
        Assert.Equal(0, gone.Pending);
    }

    [Fact]
    public async Task Resume_replays_the_events_after_the_given_seq()
    {
        var scenario = await SpaceScenario.LiveAsync(cluster);
        var speaker = await scenario.SpeakerAsync();
        await scenario.Space.MuteAsync(speaker, speaker);

        var all = await scenario.Space.GetEventsSinceAsync(0);
        var afterThird = await scenario.Space.GetEventsSinceAsync(3);
        var upToDate = await scenario.Space.GetEventsSinceAsync(all.Events[^1].Seq);

        Assert.Null(all.Resync);
        Assert.Equal(
            ["space.started Live", $"hand.raised {speaker}", $"hand.lowered {speaker} Accepted", $"stage.changed {speaker} JoinedStage", $"stage.changed {speaker} Muted"],
            all.Events.Select(Describe));
        Assert.Equal([1L, 2, 3, 4, 5], all.Events.Select(e => e.Seq));
        Assert.Equal([4L, 5], afterThird.Events.Select(e => e.Seq));
        Assert.Equal((0, null), (upToDate.Events.Count, upToDate.Resync));
    }

    [Fact]
    public async Task Resume_from_beyond_the_buffer_or_from_the_future_gets_a_resync_with_the_current_Space()
    {
        var scenario = await SpaceScenario.LiveAsync(cluster);
        var capacity = cluster.Options.EventReplayCapacity;
        var pairs = capacity / 2 + 1;
        for (var i = 0; i < pairs; i++)
        {
            await scenario.Space.MuteAsync(scenario.HostId, scenario.HostId);
            await scenario.Space.UnmuteAsync(scenario.HostId, scenario.HostId);
        }

        var current = 1 + 2L * pairs;
        var latest = await scenario.Space.GetEventsSinceAsync(current - 1);
        var oldestBuffered = await scenario.Space.GetEventsSinceAsync(current - capacity);
        var tooOld = await scenario.Space.GetEventsSinceAsync(current - capacity - 1);
        var future = await scenario.Space.GetEventsSinceAsync(current + 1);

        Assert.Equal(current, Assert.Single(latest.Events).Seq);
        Assert.Equal(capacity, oldestBuffered.Events.Count);
        Assert.Null(oldestBuffered.Resync);
        foreach (var replay in new[] { tooOld, future })
        {
            Assert.Empty(replay.Events);
            var resync = Assert.IsType<Resync>(replay.Resync);
            Assert.Equal((scenario.SpaceId, current), (resync.SpaceId, resync.Seq));
            Assert.Equal((scenario.SpaceId, SpaceState.Live, scenario.Created.Title), (resync.Space.Id, resync.Space.State, resync.Space.Title));
        }
    }

    [Fact]
    public async Task Burst_of_100_joins_gives_one_audience_count_with_the_final_numbers()
    {
        var scenario = await SpaceScenario.LiveAsync(cluster);

        await scenario.ListenersAsync(100);
        var counts = await AudienceCountsAfterAsync(scenario, intervals: 3);

        var count = Assert.Single(counts);
        Assert.Equal((101, 100), (count.ParticipantCount, count.ListenerCount));
    }

    [Fact]
    public async Task Audience_count_follows_joins_and_leaves_at_most_once_per_interval()
    {
        var scenario = await SpaceScenario.LiveAsync(cluster);
        var listeners = await scenario.ListenersAsync(10);
        Assert.Empty(await AudienceCountsAfterAsync(scenario, intervals: 0));
        Assert.Single(await AudienceCountsAfterAsync(scenario, intervals: 1));

        await Task.WhenAll(listeners.Take(4).Select(scenario.Space.LeaveAsync));
        await scenario.ListenerAsync();
        var counts = await AudienceCountsAfterAsync(scenario, intervals: 2);

        Assert.Equal([10, 7], counts.Select(c => c.ListenerCount));
    }

    [Fact]
    public async Task Audience_count_follows_listeners_going_on_stage()
    {
        var scenario = await SpaceScenario.LiveAsync(cluster);
        var listeners = await scenario.ListenersAsync(3);
        await scenario.Space.RaiseHandAsync(listeners[0]);
        await AudienceCountsAfterAsync(scenario, intervals: 1);

        await scenario.Space.AddSpeakerAsync(scenario.HostId, listeners[0]);
        var onStage = await AudienceCountsAfterAsync(scenario, intervals: 1);
        await scenario.Space.MoveToAudienceAsync(scenario.HostId, listeners[0]);
        var back = await AudienceCountsAfterAsync(scenario, intervals: 1);

        Assert.Equal([3, 2], onStage.Select(c => c.ListenerCount));
        Assert.Equal([3, 2, 3], back.Select(c => c.ListenerCount));
    }

    /// <summary>
    /// Moves the silo clock over <paramref name="intervals"/> audience.count intervals (the pacer is a grain timer
    /// on that clock; each tick is queued on the Space as the clock passes it, so the next call runs after it) and
    /// returns every audience.count the Space published so far, from its replay buffer (which is in seq order).
    /// </summary>
    private async Task<List<AudienceCount>> AudienceCountsAfterAsync(SpaceScenario scenario, int intervals)
    {
        for (var i = 0; i < intervals; i++)
        {
            cluster.Time.Advance(cluster.Options.AudienceCountInterval);
            await scenario.Space.GetEventsSinceAsync(0);
        }

        return [.. (await scenario.Space.GetEventsSinceAsync(0)).Events.OfType<AudienceCount>()];
    }

    /// <summary>An event as one comparable line: type, who, what.</summary>
    private static string Describe(SpaceEvent e) => e switch
    {
        SpaceStarted x => $"space.started {x.Space.State}",
        SpaceEnded x => $"space.ended {x.Space.State}",
        HandRaised x => $"hand.raised {x.UserId}",
        HandLowered x => $"hand.lowered {x.UserId} {x.Reason}",
        StageChanged x => $"stage.changed {x.UserId} {x.Change}",
        SpeakerInvited x => $"speaker.invited {x.UserId} by {x.InvitedBy}",
        ReactionSent x => $"reaction {x.UserId} {x.Emoji}",
        ParticipantRemoved x => $"participant.removed {x.UserId} by {x.RemovedBy}",
        _ => e.GetType().Name,
    };
}
