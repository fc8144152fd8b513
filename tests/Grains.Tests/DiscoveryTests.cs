using Spaces.Grains.Tests.Infrastructure;

namespace Spaces.Grains.Tests;

/// <summary>
/// product.md "Discovery". Every test tags its Spaces with a topic of its own, so the shared index's other
/// Spaces never show up; listings lag (one-way pushes, audience sizes every few seconds), so reads poll.
/// </summary>
[Collection(ClusterCollection.Name)]
public sealed class DiscoveryTests(ClusterFixture cluster)
{
    private readonly string _topic = $"t{Guid.NewGuid():N}"[..20];

    private ISpaceDirectoryGrain Directory => cluster.Client.GetGrain<ISpaceDirectoryGrain>(0);

    [Fact]
    public async Task Live_Spaces_are_ranked_by_their_current_audience()
    {
        var quiet = await LiveAsync("Quiet room");
        var busy = await LiveAsync("Busy room");
        var middle = await LiveAsync("Middle room");
        await busy.ListenersAsync(3);
        await middle.ListenersAsync(1);

        // Audience sizes reach the index from each Space's live timer, at most every refresh interval.
        cluster.Time.Advance(cluster.Options.DiscoveryRefreshInterval);
        var page = await LiveUntilAsync(p => p.Data.Select(s => s.ParticipantCount).SequenceEqual([4, 2, 1]));

        Assert.Equal([busy.SpaceId, middle.SpaceId, quiet.SpaceId], page.Data.Select(s => s.Id));
        Assert.Null(page.NextCursor);
    }

    [Fact]
    public async Task Live_discovery_filters_by_topic_language_and_title()
    {
        var english = await LiveAsync("Morning Coffee chat", lang: "en");
        await LiveAsync("Café du matin", lang: "fr");

        var byLang = await LiveUntilAsync(p => p.Data.Count == 1, lang: "en");
        Assert.Equal(english.SpaceId, Assert.Single(byLang.Data).Id);
        var byTitle = await LiveUntilAsync(p => p.Data.Count == 1, q: "coffee");
        Assert.Equal(english.SpaceId, Assert.Single(byTitle.Data).Id);
        Assert.Empty((await Directory.GetLiveAsync(new DiscoveryQuery($"{_topic}x", null, null, null, null))).Data);
    }

    [Fact]
    public async Task Pages_follow_the_cursor_without_repeats_or_gaps()
    {
        var created = new List<string>();
        for (var i = 0; i < 5; i++)
        {
            created.Add((await LiveAsync($"Room {i}")).SpaceId);
        }

        await LiveUntilAsync(p => p.Data.Count == 5);
        var seen = new List<string>();
        string? cursor = null;
        do
        {
            var page = await Directory.GetLiveAsync(new DiscoveryQuery(_topic, null, null, 2, cursor));
            Assert.True(page.Data.Count <= 2);
            seen.AddRange(page.Data.Select(s => s.Id));
            cursor = page.NextCursor;
        }
        while (cursor is not null);

        Assert.Equal(created.Order(StringComparer.Ordinal), seen.Order(StringComparer.Ordinal));
        Assert.Equal(seen.Count, seen.Distinct().Count());
    }

    [Fact]
    public async Task Upcoming_Spaces_come_soonest_first_and_leave_the_list_when_they_start_or_are_canceled()
    {
        var later = await ScheduledAsync("Later", TimeSpan.FromDays(2));
        var sooner = await ScheduledAsync("Sooner", TimeSpan.FromHours(3));
        var dropped = await ScheduledAsync("Dropped", TimeSpan.FromDays(1));

        var upcoming = await UpcomingUntilAsync(p => p.Data.Count == 3);
        Assert.Equal([sooner.SpaceId, dropped.SpaceId, later.SpaceId], upcoming.Data.Select(s => s.Id));

        await sooner.Space.StartAsync(sooner.HostId);
        await dropped.Space.CancelAsync(dropped.HostId);

        Assert.Equal(later.SpaceId, Assert.Single((await UpcomingUntilAsync(p => p.Data.Count == 1)).Data).Id);
        Assert.Equal(sooner.SpaceId, Assert.Single((await LiveUntilAsync(p => p.Data.Count == 1)).Data).Id);
    }

    [Fact]
    public async Task Ended_Spaces_leave_discovery()
    {
        var scenario = await LiveAsync("Short");
        await LiveUntilAsync(p => p.Data.Count == 1);

        await scenario.Space.EndAsync(scenario.HostId);

        await LiveUntilAsync(p => p.Data.Count == 0);
    }

    [Fact]
    public async Task Following_lists_the_live_and_upcoming_Spaces_of_followed_hosts_only()
    {
        var followedLive = await LiveAsync("Followed live");
        var followedLater = await ScheduledAsync("Followed later", TimeSpan.FromHours(5));
        var stranger = await LiveAsync("Stranger");
        var fan = await cluster.NewUserAsync("fan");
        await cluster.User(fan).FollowAsync(followedLive.HostId);
        await cluster.User(fan).FollowAsync(followedLater.HostId);

        var page = await Eventually.MatchesAsync(() => Directory.GetFollowingAsync(fan, null), p => p.Data.Count == 2, "the followed hosts' Spaces");

        Assert.Equal([followedLive.SpaceId, followedLater.SpaceId], page.Data.Select(s => s.Id));
        Assert.DoesNotContain(page.Data, s => s.Id == stranger.SpaceId);
    }

    [Theory]
    [InlineData(0, null, "limit")]
    [InlineData(1000, null, "limit")]
    [InlineData(null, "garbage", "cursor")]
    [InlineData(null, "-1:abc", "cursor")]
    public async Task Bad_paging_input_is_refused_naming_the_field(int? limit, string? cursor, string field)
    {
        await Refused.AsInvalidAsync(field, ErrorCodes.InvalidField, () => Directory.GetLiveAsync(new DiscoveryQuery(null, null, null, limit, cursor)));
        await Refused.AsInvalidAsync(field, ErrorCodes.InvalidField, () => Directory.GetUpcomingAsync(new DiscoveryQuery(null, null, null, limit, cursor)));
    }

    private Task<SpaceScenario> LiveAsync(string title, string? lang = null) =>
        SpaceScenario.CreateAsync(cluster, new NewSpaceRequest(title, null, [_topic], lang));

    private Task<SpaceScenario> ScheduledAsync(string title, TimeSpan ahead) =>
        SpaceScenario.CreateAsync(cluster, new NewSpaceRequest(title, cluster.Time.GetUtcNow() + ahead, [_topic], null));

    private Task<SpacePage> LiveUntilAsync(Func<SpacePage, bool> done, string? lang = null, string? q = null) =>
        Eventually.MatchesAsync(() => Directory.GetLiveAsync(new DiscoveryQuery(_topic, lang, q, null, null)), done, "the live listing");

    private Task<SpacePage> UpcomingUntilAsync(Func<SpacePage, bool> done) =>
        Eventually.MatchesAsync(() => Directory.GetUpcomingAsync(new DiscoveryQuery(_topic, null, null, null, null)), done, "the upcoming listing");
}
