namespace Spaces.Contracts;

/// <summary>
/// Finding Spaces (product.md, "Discovery"): live ones ranked by audience, upcoming ones by start time, and
/// those of people one follows. Backed by sharded index grains the Spaces keep up to date; may lag by seconds.
/// </summary>
public interface ISpaceDirectoryGrain : IGrainWithIntegerKey
{
    Task<SpacePage> GetLiveAsync(DiscoveryQuery query);

    Task<SpacePage> GetUpcomingAsync(DiscoveryQuery query);

    /// <summary>Live and upcoming Spaces hosted by the accounts <paramref name="userId"/> follows; computed when asked.</summary>
    Task<SpacePage> GetFollowingAsync(string userId, int? limit);
}

[GenerateSerializer, Immutable]
public sealed record DiscoveryQuery(
    [property: Id(0)] string? Topic,
    [property: Id(1)] string? Lang,
    [property: Id(2)] string? Q,
    [property: Id(3)] int? Limit,
    [property: Id(4)] string? Cursor);

/// <summary>One page of Spaces; <see cref="NextCursor"/> asks for the next page.</summary>
[GenerateSerializer, Immutable]
public sealed record SpacePage(
    [property: Id(0)] IReadOnlyList<SpaceView> Data,
    [property: Id(1)] string? NextCursor);
