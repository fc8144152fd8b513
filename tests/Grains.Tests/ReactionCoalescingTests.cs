using Spaces.Grains.Tests.Infrastructure;

namespace Spaces.Grains.Tests;

/// <summary>
/// product.md, "Reactions" at scale: above <see cref="SpacesOptions.CoalesceReactionsAbove"/> participants a Space
/// sends one reactions.coalesced per interval — counts per emoji and a bounded sample of who reacted — instead of
/// one reaction event per reaction; every reaction still passes the same checks. The interval is a grain timer on
/// the silo's fake clock: it moves only when a test advances it, so "not yet" needs no waiting.
/// </summary>
[Collection(ClusterCollection.Name)]
public sealed class ReactionCoalescingTests(ClusterFixture cluster)
{
    private SpacesOptions Options => cluster.Options;

    [Fact]
    public async Task A_Space_at_the_threshold_still_sends_one_reaction_event_per_reaction()
    {
        var scenario = await SpaceScenario.LiveAsync(cluster);
        var listeners = await scenario.ListenersAsync(Options.CoalesceReactionsAbove - 1);

        await scenario.Space.ReactAsync(listeners[0], "👏");
        await scenario.Space.ReactAsync(listeners[1], "💯");
        var events = await EventsAfterIntervalsAsync(scenario, intervals: 1);

        Assert.Equal([(listeners[0], "👏"), (listeners[1], "💯")], events.OfType<ReactionSent>().Select(r => (r.UserId, r.Emoji)));
        Assert.Empty(events.OfType<ReactionsCoalesced>());
    }

    [Fact]
    public async Task Above_the_threshold_reactions_wait_for_the_interval_and_arrive_as_counts_per_emoji()
    {
        var (scenario, listeners) = await LargeSpaceAsync();

        // Concurrent reactions from many users: the grain's turn counts each one once.
        await Task.WhenAll(listeners.Take(5).Select(u => scenario.Space.ReactAsync(u, "👏")));
        await Task.WhenAll(listeners.Skip(5).Take(3).Select(u => scenario.Space.ReactAsync(u, "💯")));
        await scenario.Space.RaiseHandAsync(listeners[^1]);
        var beforeInterval = await EventsAfterIntervalsAsync(scenario, intervals: 0);
        var afterInterval = await EventsAfterIntervalsAsync(scenario, intervals: 1);

        // The hand went out at once; the reactions waited for their interval.
        Assert.Contains(beforeInterval, e => e is HandRaised);
        Assert.DoesNotContain(beforeInterval, e => e is ReactionSent or ReactionsCoalesced);
        Assert.DoesNotContain(afterInterval, e => e is ReactionSent);
        var coalesced = Assert.Single(afterInterval.OfType<ReactionsCoalesced>());
        Assert.Equal(8, coalesced.Total);
        Assert.Equal([new EmojiCount("👏", 5), new EmojiCount("💯", 3)], coalesced.Counts.OrderByDescending(c => c.Count));
        Assert.Equal(coalesced.Total, coalesced.Counts.Sum(c => c.Count));
        Assert.All(coalesced.Sample, s => Assert.Contains(s.UserId, listeners.Take(8)));
    }

    [Fact]
    public async Task The_sample_names_at_most_the_sample_size_of_distinct_users()
    {
        var (scenario, listeners) = await LargeSpaceAsync();
        var reactors = listeners.Take(Options.ReactionSampleSize + 4).ToArray();

        foreach (var user in reactors)
        {
            await scenario.Space.ReactAsync(user, "👍");
        }

        await scenario.Space.ReactAsync(reactors[0], "👋");
        var coalesced = Assert.Single((await EventsAfterIntervalsAsync(scenario, intervals: 1)).OfType<ReactionsCoalesced>());

        Assert.Equal(reactors.Length + 1, coalesced.Total);
        Assert.Equal(Options.ReactionSampleSize, coalesced.Sample.Count);
        Assert.Equal(coalesced.Sample.Count, coalesced.Sample.Select(s => s.UserId).Distinct().Count());
        Assert.Equal(reactors.Take(Options.ReactionSampleSize), coalesced.Sample.Select(s => s.UserId));
    }

    [Fact]
    public async Task Each_interval_sends_at_most_one_event_and_quiet_intervals_send_none()
    {
        var (scenario, listeners) = await LargeSpaceAsync();

        await scenario.Space.ReactAsync(listeners[0], "😂");
        await scenario.Space.ReactAsync(listeners[1], "😂");
        var first = (await EventsAfterIntervalsAsync(scenario, intervals: 1)).OfType<ReactionsCoalesced>().ToList();
        await scenario.Space.ReactAsync(listeners[2], "😢");
        var second = (await EventsAfterIntervalsAsync(scenario, intervals: 1)).OfType<ReactionsCoalesced>().ToList();
        var quiet = (await EventsAfterIntervalsAsync(scenario, intervals: 4)).OfType<ReactionsCoalesced>().ToList();

        Assert.Equal([2], first.Select(c => c.Total));
        Assert.Equal([2, 1], second.Select(c => c.Total));
        Assert.Equal([new EmojiCount("😢", 1)], second[1].Counts);
        Assert.Equal(2, quiet.Count);
    }

    [Fact]
    public async Task Reactions_still_pending_go_out_just_before_space_ended()
    {
        var (scenario, listeners) = await LargeSpaceAsync();

        await scenario.Space.ReactAsync(listeners[0], "👋");
        await scenario.Space.ReactAsync(listeners[1], "👋");
        await scenario.Space.EndAsync(scenario.HostId);
        var events = (await scenario.Space.GetEventsSinceAsync(0)).Events;

        Assert.IsType<SpaceEnded>(events[^1]);
        var coalesced = Assert.IsType<ReactionsCoalesced>(events[^2]);
        Assert.Equal([new EmojiCount("👋", 2)], coalesced.Counts);
        Assert.Single(events.OfType<ReactionsCoalesced>());
        Assert.Single((await EventsAfterIntervalsAsync(scenario, intervals: 2)).OfType<ReactionsCoalesced>());
    }

    [Fact]
    public async Task Every_reaction_passes_the_same_checks_above_the_threshold_and_only_accepted_ones_are_counted()
    {
        var (scenario, listeners) = await LargeSpaceAsync();
        var (spammer, eager, outsider) = (listeners[0], listeners[1], TestIds.User());
        await scenario.Space.SetReactionsBlockedAsync(scenario.HostId, spammer, true);

        await Refused.AsInvalidAsync("emoji", ErrorCodes.InvalidEmoji, () => scenario.Space.ReactAsync(eager, "🍕"));
        await Refused.AsForbiddenAsync(ErrorCodes.ReactionsBlocked, () => scenario.Space.ReactAsync(spammer, "👍"));
        await Refused.AsConflictAsync(ErrorCodes.NotInSpace, () => scenario.Space.ReactAsync(outsider, "👍"));
        for (var i = 0; i < Options.ReactionBurst; i++)
        {
            await scenario.Space.ReactAsync(eager, "👍");
        }

        await Refused.ByAsync(ErrorKind.RateLimited, ErrorCodes.ReactionRateLimited, () => scenario.Space.ReactAsync(eager, "👍"));
        var coalesced = Assert.Single((await EventsAfterIntervalsAsync(scenario, intervals: 1)).OfType<ReactionsCoalesced>());

        Assert.Equal([new EmojiCount("👍", Options.ReactionBurst)], coalesced.Counts);
        Assert.Equal([new ReactionSample(eager, "👍")], coalesced.Sample);
    }

    /// <summary>A live Space one participant above the threshold (the host and the returned listeners).</summary>
    private async Task<(SpaceScenario Scenario, string[] Listeners)> LargeSpaceAsync()
    {
        var scenario = await SpaceScenario.LiveAsync(cluster);
        return (scenario, await scenario.ListenersAsync(Options.CoalesceReactionsAbove));
    }

    /// <summary>
    /// Moves the silo clock over <paramref name="intervals"/> coalescing intervals (each timer tick is queued on the
    /// Space as the clock passes it, so the next call runs after it) and returns every event the Space published so
    /// far, from its replay buffer, in seq order.
    /// </summary>
    private async Task<IReadOnlyList<SpaceEvent>> EventsAfterIntervalsAsync(SpaceScenario scenario, int intervals)
    {
        for (var i = 0; i < intervals; i++)
        {
            cluster.Time.Advance(Options.ReactionCoalesceInterval);
            await scenario.Space.GetEventsSinceAsync(0);
        }

        return (await scenario.Space.GetEventsSinceAsync(0)).Events;
    }
}
