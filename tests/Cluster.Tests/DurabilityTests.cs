using System.Diagnostics;
using Spaces.Cluster.Tests.Infrastructure;

namespace Spaces.Cluster.Tests;

/// <summary>
/// "Restarting the silo loses no schedule": grain state and reminders live in PostgreSQL, so a cluster whose every
/// silo stopped comes back with the same Spaces, and scheduled Spaces still end on time.
/// </summary>
public sealed class DurabilityTests
{
    [Fact]
    public async Task A_live_Space_reads_back_identical_after_every_silo_restarted()
    {
        await using var cluster = await SpacesCluster.CreateAsync();
        await cluster.StartSiloAsync();
        var hostId = await NewHostAsync(cluster.Grains);
        var created = await cluster.Grains.GetGrain<IUserGrain>(hostId).CreateSpaceAsync(new NewSpaceRequest("Durable room", null, null, "en"));
        var space = cluster.Grains.GetGrain<ISpaceGrain>(created.Id);
        var speaker = await JoinAsync(space, "speaker");
        await space.RaiseHandAsync(speaker);
        Assert.Equal(SpeakerAction.HandAccepted, await space.AddSpeakerAsync(hostId, speaker));
        var waiting = await JoinAsync(space, "waiting");
        await space.RaiseHandAsync(waiting);
        var before = await space.GetAsync();
        var stageBefore = await space.GetParticipantsAsync(null, null);
        await PollAsync(() => LiveIdsAsync(cluster.Grains), ids => ids.Contains(created.Id), TimeSpan.FromSeconds(10));

        await cluster.StopAllSilosAsync();
        await cluster.StartSiloAsync();

        // The discovery index first, before anything wakes the Space: its listing comes back from storage.
        Assert.Contains(created.Id, await LiveIdsAsync(cluster.Grains));
        space = cluster.Grains.GetGrain<ISpaceGrain>(created.Id);
        var after = await space.GetAsync();
        var stageAfter = await space.GetParticipantsAsync(null, null);
        Assert.Equal(SpaceState.Live, after.State);
        Assert.Equal(before.Title, after.Title);
        Assert.Equal(before.Lang, after.Lang);
        Assert.Equal(before.StartedAt, after.StartedAt);
        Assert.Equal(before.HostIds, after.HostIds);
        Assert.Equal([speaker], after.SpeakerIds);
        Assert.Equal(Roles(stageBefore), Roles(stageAfter));
        Assert.Equal([waiting], stageAfter.Hands.Select(hand => hand.UserId));
        Assert.Equal(stageBefore.Hands, stageAfter.Hands);
        var host = await cluster.Grains.GetGrain<IUserGrain>(hostId).GetProfileAsync();
        Assert.Equal(600, host.FollowersCount);
        Assert.Equal([created.Id], await cluster.Grains.GetGrain<IUserGrain>(hostId).GetCreatedSpaceIdsAsync(10));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_scheduled_Space_is_canceled_by_its_grace_reminder_after_every_silo_restarted(bool restartAfterDue)
    {
        var grace = TimeSpan.FromSeconds(2);
        await using var cluster = await SpacesCluster.CreateAsync(new Dictionary<string, string?>
        {
            ["Spaces:ScheduleGrace"] = grace.ToString(),
            ["Spaces:ReminderLead"] = "00:00:03",
        });
        await cluster.StartSiloAsync();
        var hostId = await NewHostAsync(cluster.Grains);
        var start = DateTimeOffset.UtcNow.AddSeconds(8);
        var created = await cluster.Grains.GetGrain<IUserGrain>(hostId).CreateSpaceAsync(new NewSpaceRequest("Tomorrow's talk", start, null, null));
        Assert.Equal(SpaceState.Scheduled, created.State);
        Assert.Equal(1L, await cluster.Database.ScalarAsync<long>(
            "SELECT count(*) FROM OrleansReminders WHERE ReminderName = 'schedule-grace' AND GrainId LIKE '%' || @id",
            ("id", created.Id)));

        // Every silo goes; a new one (a new generation, new ports) takes over — before the reminder is due, or
        // after it fell due with nobody running (Orleans then fires it at its next period: one minute).
        await cluster.StopAllSilosAsync();
        if (restartAfterDue)
        {
            await Task.Delay(start + grace + TimeSpan.FromSeconds(1) - DateTimeOffset.UtcNow);
        }

        await cluster.StartSiloAsync();
        Assert.True(restartAfterDue || DateTimeOffset.UtcNow < start + grace, "The restart took longer than the test's schedule allows.");

        var space = cluster.Grains.GetGrain<ISpaceGrain>(created.Id);
        var view = await PollAsync(space.GetAsync, v => v.State == SpaceState.Canceled, TimeSpan.FromSeconds(90));
        Assert.True(view.EndedAt >= start + grace, $"Canceled at {view.EndedAt:O}, before the grace ended at {start + grace:O}.");
        Assert.Equal(0L, await cluster.Database.ScalarAsync<long>(
            "SELECT count(*) FROM OrleansReminders WHERE GrainId LIKE '%' || @id", ("id", created.Id)));
    }

    /// <summary>An account allowed to host: registered, with the 600 followers hosting takes.</summary>
    internal static async Task<string> NewHostAsync(IGrainFactory grains)
    {
        var hostId = $"host-{Guid.NewGuid():N}";
        var host = grains.GetGrain<IUserGrain>(hostId);
        await host.RegisterAsync("Host");
        await host.SyncFollowersCountAsync(600);
        return hostId;
    }

    private static async Task<string> JoinAsync(ISpaceGrain space, string prefix)
    {
        var userId = $"{prefix}-{Guid.NewGuid():N}";
        Assert.Equal(Role.Listener, (await space.JoinAsync(userId)).Role);
        return userId;
    }

    private static async Task<List<string>> LiveIdsAsync(IGrainFactory grains) =>
        (await grains.GetGrain<ISpaceDirectoryGrain>(0).GetLiveAsync(new DiscoveryQuery(null, null, null, null, null))).Data.Select(s => s.Id).ToList();

    private static IEnumerable<(string, Role)> Roles(ParticipantsView participants) =>
        participants.Stage.Select(member => (member.UserId, member.Role));

    private static async Task<T> PollAsync<T>(Func<Task<T>> read, Func<T, bool> done, TimeSpan timeout)
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            var value = await read();
            if (done(value) || clock.Elapsed > timeout)
            {
                Assert.True(done(value), $"Still {value} after {timeout}.");
                return value;
            }

            await Task.Delay(TimeSpan.FromMilliseconds(250));
        }
    }
}
