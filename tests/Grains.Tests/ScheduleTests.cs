using Microsoft.Extensions.DependencyInjection;
using Orleans.Runtime;
using Spaces.Grains.Tests.Infrastructure;

namespace Spaces.Grains.Tests;

/// <summary>
/// product.md "Lifecycle": reminders, the schedule grace, host absence and empty rooms. Time is the cluster's
/// fake clock; durable reminders are fired by invoking their callback, as the reminder service would.
/// </summary>
[Collection(ClusterCollection.Name)]
public sealed class ScheduleTests(ClusterFixture cluster)
{
    [Fact]
    public async Task A_scheduled_Space_registers_its_starting_soon_and_grace_reminders_and_going_live_swaps_them_for_the_live_check()
    {
        var scenario = await SpaceScenario.ScheduledAsync(cluster);
        Assert.Equal(["schedule-grace", "starting-soon"], await RemindersOfAsync(scenario.Space));

        await scenario.Space.StartAsync(scenario.HostId);
        Assert.Equal(["live-check"], await RemindersOfAsync(scenario.Space));

        await scenario.Space.EndAsync(scenario.HostId);
        Assert.Empty(await RemindersOfAsync(scenario.Space));
    }

    [Fact]
    public async Task Canceling_drops_the_reminders()
    {
        var scenario = await SpaceScenario.ScheduledAsync(cluster);
        await scenario.Space.CancelAsync(scenario.HostId);
        Assert.Empty(await RemindersOfAsync(scenario.Space));
    }

    [Fact]
    public async Task Setting_a_reminder_counts_subscribers_once_each_and_only_while_scheduled()
    {
        var scenario = await SpaceScenario.ScheduledAsync(cluster);
        var fan = TestIds.User("fan");

        Assert.Equal(1, (await scenario.Space.SetReminderAsync(fan, true)).SubscriberCount);
        Assert.Equal(1, (await scenario.Space.SetReminderAsync(fan, true)).SubscriberCount);
        Assert.Equal(2, (await scenario.Space.SetReminderAsync(TestIds.User("fan"), true)).SubscriberCount);
        Assert.Equal(1, (await scenario.Space.SetReminderAsync(fan, false)).SubscriberCount);
        Assert.Equal(1, (await scenario.Space.GetAsync()).SubscriberCount);

        await scenario.Space.StartAsync(scenario.HostId);
        await Refused.ByAsync(ErrorKind.Conflict, ErrorCodes.WrongState, () => scenario.Space.SetReminderAsync(TestIds.User("late"), true));
    }

    [Fact]
    public async Task Subscribers_hear_shortly_before_the_start_and_again_when_the_host_goes_live()
    {
        var scenario = await SpaceScenario.ScheduledAsync(cluster, "Morning show");
        var fan = await cluster.NewUserAsync("fan");
        await scenario.Space.SetReminderAsync(fan, true);

        await FireAsync(scenario.Space, "starting-soon");
        await scenario.Space.StartAsync(scenario.HostId);

        var inbox = await Eventually.MatchesAsync(() => cluster.User(fan).GetNotificationsAsync(), n => n.Count == 2, "two notifications");
        Assert.Equal([NotificationKind.SpaceStarted, NotificationKind.SpaceStartingSoon], inbox.Select(n => n.Kind)); // newest first
        Assert.All(inbox, n => Assert.Equal((scenario.SpaceId, "Morning show"), (n.SpaceId, n.Title)));
    }

    [Fact]
    public async Task A_Space_not_started_within_the_grace_is_canceled_and_says_why()
    {
        var start = cluster.Time.GetUtcNow().AddMinutes(30);
        var scenario = await SpaceScenario.CreateAsync(cluster, new NewSpaceRequest("Soon", start, null, null));

        cluster.Time.Advance(TimeSpan.FromMinutes(30) + cluster.Options.ScheduleGrace - TimeSpan.FromSeconds(1));
        await FireAsync(scenario.Space, "schedule-grace");
        Assert.Equal(SpaceState.Scheduled, (await scenario.Space.GetAsync()).State); // an early tick changes nothing

        // Observers expire on the same (fake) clock, as gateways' registrations do: subscribe after the jump.
        var recorder = await EventRecorder.SubscribeAsync(cluster.Client, scenario.Space);
        cluster.Time.Advance(TimeSpan.FromSeconds(1));
        await FireAsync(scenario.Space, "schedule-grace");

        Assert.Equal(SpaceState.Canceled, (await scenario.Space.GetAsync()).State);
        var canceled = Assert.IsType<SpaceCanceled>(Assert.Single(await recorder.NextAsync(1)));
        Assert.Equal(EndReason.NotStarted, canceled.Reason);
        Assert.Empty(await RemindersOfAsync(scenario.Space));
    }

    [Fact]
    public async Task Rescheduling_moves_the_grace_so_the_old_deadline_cancels_nothing()
    {
        var scenario = await SpaceScenario.CreateAsync(cluster, new NewSpaceRequest("Moved", cluster.Time.GetUtcNow().AddMinutes(10), null, null));
        await scenario.Space.UpdateAsync(scenario.HostId, new SpaceUpdate(null, cluster.Time.GetUtcNow().AddDays(2)));

        cluster.Time.Advance(TimeSpan.FromMinutes(10) + cluster.Options.ScheduleGrace);
        await FireAsync(scenario.Space, "schedule-grace");

        Assert.Equal(SpaceState.Scheduled, (await scenario.Space.GetAsync()).State);
    }

    [Fact]
    public async Task A_live_Space_ends_once_its_host_has_been_away_for_the_timeout()
    {
        var scenario = await SpaceScenario.LiveAsync(cluster);
        await scenario.ListenerAsync();

        await scenario.Space.LeaveAsync(scenario.HostId);
        cluster.Time.Advance(cluster.Options.HostAbsenceTimeout - TimeSpan.FromSeconds(1));
        // The presence rules run now, in a grain call, instead of whenever the live timer gets its turn.
        await FireAsync(scenario.Space, "live-check");
        Assert.Equal(SpaceState.Live, (await scenario.Space.GetAsync()).State);

        // Observers expire on the same (fake) clock, as gateways' registrations do: subscribe after the jump.
        var recorder = await EventRecorder.SubscribeAsync(cluster.Client, scenario.Space);
        cluster.Time.Advance(TimeSpan.FromSeconds(1));
        await Eventually.MatchesAsync(() => scenario.Space.GetAsync(), s => s.State == SpaceState.Ended, "the Space to end");
        var ended = Assert.IsType<SpaceEnded>(Assert.Single(await recorder.NextAsync(1)));
        Assert.Equal(EndReason.HostAbsent, ended.Reason);
    }

    [Fact]
    public async Task A_host_who_comes_back_in_time_keeps_the_Space_live()
    {
        var scenario = await SpaceScenario.LiveAsync(cluster);
        await scenario.ListenerAsync();

        await scenario.Space.LeaveAsync(scenario.HostId);
        cluster.Time.Advance(cluster.Options.HostAbsenceTimeout / 2);
        await scenario.Space.JoinAsync(scenario.HostId);
        cluster.Time.Advance(cluster.Options.HostAbsenceTimeout);
        await FireAsync(scenario.Space, "live-check");

        Assert.Equal(SpaceState.Live, (await scenario.Space.GetAsync()).State);
    }

    [Fact]
    public async Task A_live_Space_nobody_is_in_ends_after_the_empty_timeout()
    {
        var scenario = await SpaceScenario.LiveAsync(cluster);
        var listener = await scenario.ListenerAsync();
        await scenario.Space.LeaveAsync(listener);
        await scenario.Space.LeaveAsync(scenario.HostId);

        // The first check starts the empty clock; one a full timeout later ends the Space.
        await FireAsync(scenario.Space, "live-check");
        cluster.Time.Advance(cluster.Options.EmptySpaceTimeout - TimeSpan.FromSeconds(1));
        await FireAsync(scenario.Space, "live-check");
        Assert.Equal(SpaceState.Live, (await scenario.Space.GetAsync()).State);
        cluster.Time.Advance(TimeSpan.FromSeconds(1));
        await FireAsync(scenario.Space, "live-check");

        var ended = await scenario.Space.GetAsync();
        Assert.Equal(SpaceState.Ended, ended.State);
        Assert.NotNull(ended.EndedAt);
    }

    [Fact]
    public async Task The_live_check_reminder_applies_the_same_rules_after_a_restart()
    {
        var scenario = await SpaceScenario.LiveAsync(cluster);
        await scenario.ListenerAsync();
        await cluster.Cluster.DeactivateAsync(scenario.Space);

        // Reactivated by its durable reminder, the Space cannot know its host is still there: the host must show up.
        await FireAsync(scenario.Space, "live-check");
        cluster.Time.Advance(cluster.Options.HostAbsenceTimeout);
        await FireAsync(scenario.Space, "live-check");

        Assert.Equal(SpaceState.Ended, (await scenario.Space.GetAsync()).State);
    }

    [Fact]
    public async Task An_invitation_to_speak_lands_in_the_invitees_inbox()
    {
        var scenario = await SpaceScenario.LiveAsync(cluster, "Ask me anything");
        var invitee = await scenario.ListenerAsync("invitee");

        await scenario.Space.AddSpeakerAsync(scenario.HostId, invitee);

        var notification = Assert.Single(await Eventually.MatchesAsync(() => cluster.User(invitee).GetNotificationsAsync(), n => n.Count == 1, "the invitation"));
        Assert.Equal((NotificationKind.SpeakerInvitation, scenario.SpaceId, scenario.HostId), (notification.Kind, notification.SpaceId, notification.ByUserId));
    }

    [Fact]
    public async Task The_inbox_keeps_the_newest_notifications_only()
    {
        var user = cluster.User(await cluster.NewUserAsync());
        var start = cluster.Time.GetUtcNow();
        for (var i = 0; i < cluster.Options.MaxNotifications + 5; i++)
        {
            await user.NotifyAsync(new Notification($"n{i}", NotificationKind.SpaceStarted, TestIds.Space(), $"Space {i}", null, start.AddSeconds(i)));
        }

        // One-way deliveries may arrive in any order; the inbox orders by time and keeps the newest.
        var inbox = await Eventually.MatchesAsync(user.GetNotificationsAsync, n => n.Count == cluster.Options.MaxNotifications && n[0].Id == $"n{cluster.Options.MaxNotifications + 4}", "the last notification");
        Assert.Equal(cluster.Options.MaxNotifications, inbox.Count);
        Assert.Equal("n5", inbox[^1].Id);
    }

    private Task FireAsync(ISpaceGrain space, string reminder) =>
        space.AsReference<IRemindable>().ReceiveReminder(reminder, new TickStatus(cluster.Time.GetUtcNow().UtcDateTime, TimeSpan.FromMinutes(1), cluster.Time.GetUtcNow().UtcDateTime));

    private async Task<string[]> RemindersOfAsync(ISpaceGrain space)
    {
        var silo = cluster.Cluster.Silos[0].SiloAddress;
        var table = cluster.Cluster.GetSiloServiceProvider(silo).GetRequiredService<IReminderTable>();
        var rows = await table.ReadRows(space.GetGrainId());
        return [.. rows.Reminders.Select(r => r.ReminderName).Order(StringComparer.Ordinal)];
    }
}
