using System.Globalization;
using Microsoft.Extensions.Options;
using Orleans.Concurrency;
using Spaces.Contracts;
using Spaces.Grains.Paging;

namespace Spaces.Grains.Discovery;

/// <summary>
/// Answers discovery queries by reading every index shard and ranking the merge. A stateless worker: each
/// silo runs its own activations, so queries spread over the cluster and never queue behind one grain.
/// </summary>
[StatelessWorker]
internal sealed class SpaceDirectoryGrain(IOptions<SpacesOptions> options) : Grain, ISpaceDirectoryGrain
{
    private SpacesOptions Options => options.Value;

    public async Task<SpacePage> GetLiveAsync(DiscoveryQuery query)
    {
        var limit = PageSize(query.Limit);
        var after = LiveCursor.Parse(query.Cursor);
        var live = (await ListAsync(SpaceState.Live)).Where(Matches(query));
        // Biggest audience first; the id breaks ties so the order (and the cursor) is total.
        var ranked = live.OrderByDescending(s => s.ParticipantCount).ThenBy(s => s.Id, StringComparer.Ordinal)
            .Where(s => after is null || s.ParticipantCount < after.Value.Count || s.ParticipantCount == after.Value.Count && string.CompareOrdinal(s.Id, after.Value.Id) > 0);
        return Page(ranked, limit, s => LiveCursor.Format(s.ParticipantCount, s.Id));
    }

    public async Task<SpacePage> GetUpcomingAsync(DiscoveryQuery query)
    {
        var limit = PageSize(query.Limit);
        var after = UpcomingCursor.Parse(query.Cursor);
        var upcoming = (await ListAsync(SpaceState.Scheduled)).Where(Matches(query));
        var ordered = upcoming.OrderBy(s => s.ScheduledStart).ThenBy(s => s.Id, StringComparer.Ordinal)
            .Where(s => after is null || s.ScheduledStart > after.Value.Start || s.ScheduledStart == after.Value.Start && string.CompareOrdinal(s.Id, after.Value.Id) > 0);
        return Page(ordered, limit, s => UpcomingCursor.Format(s.ScheduledStart!.Value, s.Id));
    }

    public async Task<SpacePage> GetFollowingAsync(string userId, int? limit)
    {
        var pageSize = PageSize(limit);
        var following = (await GrainFactory.GetGrain<IUserGrain>(userId).GetFollowingAsync()).ToHashSet(StringComparer.Ordinal);
        var live = (await ListAsync(SpaceState.Live)).Where(s => following.Contains(s.CreatorId)).OrderByDescending(s => s.ParticipantCount);
        var upcoming = (await ListAsync(SpaceState.Scheduled)).Where(s => following.Contains(s.CreatorId)).OrderBy(s => s.ScheduledStart);
        return new SpacePage(live.Concat(upcoming).Take(pageSize).ToList(), null);
    }

    private async Task<IEnumerable<SpaceView>> ListAsync(SpaceState state)
    {
        var shards = Enumerable.Range(0, Options.DiscoveryShards).Select(shard => GrainFactory.GetGrain<ISpaceIndexGrain>(shard).ListAsync(state));
        return (await Task.WhenAll(shards)).SelectMany(listings => listings);
    }

    private static Func<SpaceView, bool> Matches(DiscoveryQuery query) => space =>
        (query.Topic is null || space.TopicIds.Contains(query.Topic))
        && (query.Lang is null || string.Equals(space.Lang, query.Lang, StringComparison.OrdinalIgnoreCase))
        && (string.IsNullOrWhiteSpace(query.Q) || space.Title.Contains(query.Q.Trim(), StringComparison.OrdinalIgnoreCase));

    private int PageSize(int? limit) => PageRequest.Size(limit, Options.DefaultDiscoveryPageSize, Options.MaxDiscoveryPageSize);

    private static SpacePage Page(IEnumerable<SpaceView> ordered, int limit, Func<SpaceView, string> cursorOf)
    {
        var page = ordered.Take(limit + 1).ToList();
        var more = page.Count > limit;
        if (more)
        {
            page.RemoveAt(limit);
        }

        return new SpacePage(page, more ? cursorOf(page[^1]) : null);
    }

    /// <summary>"count:id" of the last live Space on a page.</summary>
    private static class LiveCursor
    {
        public static string Format(int count, string id) => $"{count}:{id}";

        public static (int Count, string Id)? Parse(string? cursor)
        {
            if (cursor is null)
            {
                return null;
            }

            var parts = cursor.Split(':');
            return parts.Length == 2 && int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var count) && Ids.IsSpaceId(parts[1])
                ? (count, parts[1])
                : throw BadCursor();
        }
    }

    /// <summary>"ticks:id" of the last upcoming Space on a page.</summary>
    private static class UpcomingCursor
    {
        public static string Format(DateTimeOffset start, string id) => $"{start.UtcTicks}:{id}";

        public static (DateTimeOffset Start, string Id)? Parse(string? cursor)
        {
            if (cursor is null)
            {
                return null;
            }

            var parts = cursor.Split(':');
            return parts.Length == 2 && long.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var ticks)
                && ticks <= DateTimeOffset.MaxValue.UtcTicks && Ids.IsSpaceId(parts[1])
                ? (new DateTimeOffset(ticks, TimeSpan.Zero), parts[1])
                : throw BadCursor();
        }
    }

    private static SpacesException BadCursor() => PageRequest.InvalidCursor();
}
