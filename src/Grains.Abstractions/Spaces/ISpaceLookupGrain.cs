namespace Spaces.Contracts;

/// <summary>Reads across many Spaces (the X Spaces API lookups) without one grain on every path.</summary>
public interface ISpaceLookupGrain : IGrainWithIntegerKey
{
    /// <summary>The Spaces with these ids, in the order asked; unknown ids are left out.</summary>
    Task<IReadOnlyList<SpaceView>> GetManyAsync(IReadOnlyList<string> spaceIds);

    /// <summary>The Spaces a user created, newest first.</summary>
    Task<IReadOnlyList<SpaceView>> GetByCreatorAsync(string userId);

    /// <summary>The ready replays of the Spaces <paramref name="hostId"/> created that <paramref name="viewerId"/> may listen to, newest first.</summary>
    Task<IReadOnlyList<ReplayView>> GetReplaysAsync(string hostId, string viewerId);
}
