using Spaces.Grains.Tests.Infrastructure;

namespace Spaces.Grains.Tests;

/// <summary>GET participants: the whole stage, hands in order, and the audience paged by a cursor (never all at once).</summary>
[Collection(ClusterCollection.Name)]
public sealed class ParticipantsTests(ClusterFixture cluster)
{
    [Fact]
    public async Task Listeners_are_paged_by_cursor_each_exactly_once()
    {
        var scenario = await SpaceScenario.LiveAsync(cluster);
        var listeners = await scenario.ListenersAsync(25);

        var pages = await ReadAllPagesAsync(scenario, limit: 10);

        Assert.Equal([10, 10, 5], pages.Select(p => p.Listeners.Count));
        Assert.All(pages, p => Assert.Equal(25, p.ListenerCount));
        Assert.Equal(listeners.Order(), pages.SelectMany(p => p.Listeners).Order());
    }

    [Fact]
    public async Task Last_page_that_is_exactly_full_has_no_next_cursor()
    {
        var scenario = await SpaceScenario.LiveAsync(cluster);
        await scenario.ListenersAsync(20);

        var pages = await ReadAllPagesAsync(scenario, limit: 10);

        Assert.Equal([10, 10], pages.Select(p => p.Listeners.Count));
    }

    [Fact]
    public async Task Cursor_stays_valid_while_listeners_leave_and_join()
    {
        var scenario = await SpaceScenario.LiveAsync(cluster);
        var early = new List<string>();
        for (var i = 0; i < 6; i++)
        {
            early.Add(await scenario.ListenerAsync());
        }

        var first = await scenario.ParticipantsAsync(null, 3);
        await scenario.Space.LeaveAsync(early[3]);
        var late = await scenario.ListenerAsync();
        var second = await scenario.ParticipantsAsync(first.NextCursor, 3);

        Assert.Equal(early[..3], first.Listeners);
        Assert.Equal([early[4], early[5], late], second.Listeners);
    }

    [Fact]
    public async Task Stage_lists_host_then_cohosts_then_speakers_and_hands_in_order()
    {
        var scenario = await SpaceScenario.LiveAsync(cluster);
        var speaker = await scenario.SpeakerAsync();
        var cohost = await scenario.CohostAsync();
        var firstHand = await scenario.HandRaiserAsync();
        var secondHand = await scenario.HandRaiserAsync();

        var participants = await scenario.ParticipantsAsync();

        Assert.Equal(
            [(scenario.HostId, Role.Host), (cohost, Role.Cohost), (speaker, Role.Speaker)],
            participants.Stage.Select(m => (m.UserId, m.Role)));
        Assert.Equal([firstHand, secondHand], participants.Hands.Select(h => h.UserId));
        Assert.Equal(2, participants.ListenerCount);
        Assert.Equal(5, (await scenario.Space.GetAsync()).ParticipantCount);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    [InlineData(201)]
    public async Task Limit_out_of_range_is_refused(int limit)
    {
        var scenario = await SpaceScenario.LiveAsync(cluster);

        await Refused.AsInvalidAsync("limit", ErrorCodes.InvalidField, () => scenario.ParticipantsAsync(null, limit));
    }

    [Fact]
    public async Task Negative_cursor_is_refused()
    {
        var scenario = await SpaceScenario.LiveAsync(cluster);

        await Refused.AsInvalidAsync("cursor", ErrorCodes.InvalidField, () => scenario.ParticipantsAsync(-5, 10));
    }

    [Fact]
    public async Task Unknown_Space_is_not_found()
    {
        await Refused.ByAsync(ErrorKind.NotFound, ErrorCodes.SpaceNotFound, () => cluster.Space(TestIds.Space()).GetParticipantsAsync(null, null));
    }

    private static async Task<List<ParticipantsView>> ReadAllPagesAsync(SpaceScenario scenario, int limit)
    {
        var pages = new List<ParticipantsView> { await scenario.ParticipantsAsync(null, limit) };
        while (pages[^1].NextCursor is { } cursor)
        {
            Assert.True(pages.Count < 100, "the cursor never ends");
            pages.Add(await scenario.ParticipantsAsync(cursor, limit));
        }

        return pages;
    }
}
