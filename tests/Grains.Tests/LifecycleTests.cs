using Spaces.Grains.Tests.Infrastructure;

namespace Spaces.Grains.Tests;

/// <summary>product.md, "Lifecycle": scheduled → live → ended, or scheduled → canceled; only the host moves a Space along.</summary>
[Collection(ClusterCollection.Name)]
public sealed class LifecycleTests(ClusterFixture cluster)
{
    /// <summary>Every call that needs a live Space, by name, for the "not live" theories.</summary>
    public static TheoryData<string> LiveOnlyOperations => [.. LiveOnly.Keys];

    private static readonly Dictionary<string, Func<SpaceScenario, string, Task>> LiveOnly = new()
    {
        ["join"] = (s, user) => s.Space.JoinAsync(user),
        ["raise_hand"] = (s, user) => s.Space.RaiseHandAsync(user),
        ["lower_hand"] = (s, user) => s.Space.LowerHandAsync(user, user),
        ["add_speaker"] = (s, user) => s.Space.AddSpeakerAsync(s.HostId, user),
        ["move_to_audience"] = (s, user) => s.Space.MoveToAudienceAsync(s.HostId, user),
        ["accept_invitation"] = (s, user) => s.Space.AcceptInvitationAsync(user),
        ["decline_invitation"] = (s, user) => s.Space.DeclineInvitationAsync(user),
        ["add_cohost"] = (s, user) => s.Space.AddCohostAsync(s.HostId, user),
        ["remove_cohost"] = (s, user) => s.Space.RemoveCohostAsync(s.HostId, user),
        ["mute"] = (s, user) => s.Space.MuteAsync(s.HostId, user),
        ["unmute"] = (s, user) => s.Space.UnmuteAsync(user, user),
        ["remove"] = (s, user) => s.Space.RemoveParticipantAsync(s.HostId, user),
        ["react"] = (s, user) => s.Space.ReactAsync(user, "👏"),
        ["block_reactions"] = (s, user) => s.Space.SetReactionsBlockedAsync(s.HostId, user, true),
    };

    [Fact]
    public async Task Space_created_without_start_time_is_live_at_once_with_its_host_on_stage()
    {
        var scenario = await SpaceScenario.LiveAsync(cluster);

        Assert.Equal(SpaceState.Live, scenario.Created.State);
        Assert.Equal(cluster.Time.GetUtcNow(), scenario.Created.StartedAt);
        Assert.Equal(Role.Host, await scenario.StageRoleOfAsync(scenario.HostId));
        Assert.Equal(Role.Host, (await scenario.Space.JoinAsync(scenario.HostId)).Role);
    }

    [Fact]
    public async Task Space_created_with_start_time_is_scheduled()
    {
        var scenario = await SpaceScenario.ScheduledAsync(cluster);

        Assert.Equal(SpaceState.Scheduled, scenario.Created.State);
        Assert.Null(scenario.Created.StartedAt);
    }

    [Fact]
    public async Task Host_starts_a_scheduled_Space()
    {
        var scenario = await SpaceScenario.ScheduledAsync(cluster);

        var started = await scenario.Space.StartAsync(scenario.HostId);

        Assert.Equal(SpaceState.Live, started.State);
        Assert.NotNull(started.StartedAt);
        Assert.Equal(Role.Listener, (await scenario.Space.JoinAsync(TestIds.User())).Role);
    }

    [Fact]
    public async Task Only_the_host_starts_a_Space()
    {
        var scenario = await SpaceScenario.ScheduledAsync(cluster);

        await Refused.AsForbiddenAsync(ErrorCodes.HostOnly, () => scenario.Space.StartAsync(TestIds.User()));

        Assert.Equal(SpaceState.Scheduled, (await scenario.Space.GetAsync()).State);
    }

    [Fact]
    public async Task Host_ends_a_live_Space()
    {
        var scenario = await SpaceScenario.LiveAsync(cluster);

        var ended = await scenario.Space.EndAsync(scenario.HostId);

        Assert.Equal(SpaceState.Ended, ended.State);
        Assert.Equal(cluster.Time.GetUtcNow(), ended.EndedAt);
    }

    [Theory]
    [InlineData(Role.Cohost)]
    [InlineData(Role.Speaker)]
    [InlineData(Role.Listener)]
    public async Task Only_the_host_ends_a_Space(Role role)
    {
        var scenario = await SpaceScenario.LiveAsync(cluster);
        var actor = await scenario.UserInRoleAsync(role);

        await Refused.AsForbiddenAsync(ErrorCodes.HostOnly, () => scenario.Space.EndAsync(actor));

        Assert.Equal(SpaceState.Live, (await scenario.Space.GetAsync()).State);
    }

    [Fact]
    public async Task Host_cancels_a_scheduled_Space()
    {
        var scenario = await SpaceScenario.ScheduledAsync(cluster);

        await Refused.AsForbiddenAsync(ErrorCodes.HostOnly, () => scenario.Space.CancelAsync(TestIds.User()));
        var canceled = await scenario.Space.CancelAsync(scenario.HostId);

        Assert.Equal(SpaceState.Canceled, canceled.State);
    }

    [Fact]
    public async Task Live_Space_cannot_be_canceled_started_again_or_edited()
    {
        var scenario = await SpaceScenario.LiveAsync(cluster);

        await Refused.AsConflictAsync(ErrorCodes.WrongState, () => scenario.Space.CancelAsync(scenario.HostId));
        await Refused.AsConflictAsync(ErrorCodes.WrongState, () => scenario.Space.StartAsync(scenario.HostId));
        await Refused.AsConflictAsync(ErrorCodes.WrongState, () => scenario.Space.UpdateAsync(scenario.HostId, new SpaceUpdate("New", null)));
        Assert.Equal(SpaceState.Live, (await scenario.Space.GetAsync()).State);
    }

    [Fact]
    public async Task Scheduled_Space_cannot_be_ended()
    {
        var scenario = await SpaceScenario.ScheduledAsync(cluster);

        await Refused.AsConflictAsync(ErrorCodes.WrongState, () => scenario.Space.EndAsync(scenario.HostId));
    }

    [Theory]
    [InlineData(SpaceState.Ended)]
    [InlineData(SpaceState.Canceled)]
    public async Task Finished_Space_cannot_be_started_ended_or_canceled(SpaceState finished)
    {
        var scenario = await FinishedAsync(finished);

        await Refused.AsConflictAsync(ErrorCodes.SpaceEnded, () => scenario.Space.StartAsync(scenario.HostId));
        await Refused.AsConflictAsync(ErrorCodes.SpaceEnded, () => scenario.Space.EndAsync(scenario.HostId));
        await Refused.AsConflictAsync(ErrorCodes.SpaceEnded, () => scenario.Space.CancelAsync(scenario.HostId));
    }

    [Theory]
    [MemberData(nameof(LiveOnlyOperations))]
    public async Task Operations_on_an_ended_Space_are_refused_as_ended(string operation)
    {
        var scenario = await SpaceScenario.LiveAsync(cluster);
        var listener = await scenario.ListenerAsync();
        await scenario.Space.EndAsync(scenario.HostId);

        await Refused.AsConflictAsync(ErrorCodes.SpaceEnded, () => LiveOnly[operation](scenario, listener));
    }

    [Theory]
    [MemberData(nameof(LiveOnlyOperations))]
    public async Task Operations_on_a_scheduled_Space_are_refused_as_not_live(string operation)
    {
        var scenario = await SpaceScenario.ScheduledAsync(cluster);

        await Refused.AsConflictAsync(ErrorCodes.SpaceNotLive, () => LiveOnly[operation](scenario, TestIds.User()));
    }

    [Fact]
    public async Task Joining_a_canceled_Space_is_refused_as_ended()
    {
        var scenario = await FinishedAsync(SpaceState.Canceled);

        await Refused.AsConflictAsync(ErrorCodes.SpaceEnded, () => scenario.Space.JoinAsync(TestIds.User()));
    }

    [Theory]
    [InlineData(SpaceState.Ended)]
    [InlineData(SpaceState.Canceled)]
    public async Task Editing_a_finished_Space_is_refused_as_ended(SpaceState finished)
    {
        var scenario = await FinishedAsync(finished);

        await Refused.AsConflictAsync(ErrorCodes.SpaceEnded, () => scenario.Space.UpdateAsync(scenario.HostId, new SpaceUpdate("New", null)));
    }

    [Fact]
    public async Task Host_edits_title_and_start_time_of_a_scheduled_Space()
    {
        var scenario = await SpaceScenario.ScheduledAsync(cluster);
        var newStart = cluster.Time.GetUtcNow().AddDays(2);

        var retitled = await scenario.Space.UpdateAsync(scenario.HostId, new SpaceUpdate(" Renamed ", null));
        var moved = await scenario.Space.UpdateAsync(scenario.HostId, new SpaceUpdate(null, newStart));

        Assert.Equal(("Renamed", scenario.Created.ScheduledStart), (retitled.Title, retitled.ScheduledStart));
        Assert.Equal(("Renamed", newStart), (moved.Title, moved.ScheduledStart));
        Assert.Equal(SpaceState.Scheduled, moved.State);
    }

    [Fact]
    public async Task Only_the_host_edits_a_Space()
    {
        var scenario = await SpaceScenario.ScheduledAsync(cluster);

        await Refused.AsForbiddenAsync(ErrorCodes.HostOnly, () => scenario.Space.UpdateAsync(TestIds.User(), new SpaceUpdate("Mine now", null)));

        Assert.Equal(scenario.Created.Title, (await scenario.Space.GetAsync()).Title);
    }

    [Fact]
    public async Task Edit_follows_the_create_rules_and_a_refused_edit_changes_nothing()
    {
        var scenario = await SpaceScenario.ScheduledAsync(cluster);
        var update = (string? title, DateTimeOffset? start) => scenario.Space.UpdateAsync(scenario.HostId, new SpaceUpdate(title, start));

        await Refused.AsInvalidAsync("title", ErrorCodes.InvalidField, () => update(null, null));
        await Refused.AsInvalidAsync("title", ErrorCodes.TitleRequired, () => update(" ", null));
        await Refused.AsInvalidAsync("title", ErrorCodes.TitleTooLong, () => update(new string('x', 71), null));
        await Refused.AsInvalidAsync("scheduled_start", ErrorCodes.InvalidSchedule, () => update("Fine", cluster.Time.GetUtcNow().AddMinutes(-1)));
        await Refused.AsInvalidAsync("scheduled_start", ErrorCodes.InvalidSchedule, () => update("Fine", cluster.Time.GetUtcNow().AddDays(15)));

        var unchanged = await scenario.Space.GetAsync();
        Assert.Equal((scenario.Created.Title, scenario.Created.ScheduledStart), (unchanged.Title, unchanged.ScheduledStart));
    }

    [Fact]
    public async Task Ended_Space_keeps_its_summary()
    {
        var scenario = await SpaceScenario.LiveAsync(cluster, "Summary kept");
        var speaker = await scenario.SpeakerAsync();
        var listeners = await scenario.ListenersAsync(3);
        await scenario.Space.LeaveAsync(listeners[0]);

        await scenario.Space.EndAsync(scenario.HostId);
        await cluster.Cluster.DeactivateAsync(scenario.Space);
        var summary = Assert.Single(await cluster.Lookup().GetManyAsync([scenario.SpaceId]));

        Assert.Equal(SpaceState.Ended, summary.State);
        Assert.Equal("Summary kept", summary.Title);
        Assert.Equal([scenario.HostId], summary.HostIds);
        Assert.Equal([speaker], summary.SpeakerIds);
        Assert.NotNull(summary.StartedAt);
        Assert.NotNull(summary.EndedAt);
        Assert.Equal(3, summary.PeakListeners);
        Assert.Equal(4, summary.TotalListeners);
    }

    private async Task<SpaceScenario> FinishedAsync(SpaceState finished)
    {
        if (finished == SpaceState.Ended)
        {
            var live = await SpaceScenario.LiveAsync(cluster);
            await live.Space.EndAsync(live.HostId);
            return live;
        }

        var scheduled = await SpaceScenario.ScheduledAsync(cluster);
        await scheduled.Space.CancelAsync(scheduled.HostId);
        return scheduled;
    }
}
