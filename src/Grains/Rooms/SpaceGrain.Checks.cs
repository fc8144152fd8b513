using Spaces.Contracts;

namespace Spaces.Grains.Rooms;

/// <summary>The checks behind <see cref="SpaceGrain"/>'s operations: each rule refuses with its own code.</summary>
internal sealed partial class SpaceGrain
{
    private void EnsureExists()
    {
        if (!Space.Exists)
        {
            // Nothing to keep in memory for an id that names no Space: a scan of random ids must not fill the silo.
            DeactivateOnIdle();
            throw SpacesException.NotFound(ErrorCodes.SpaceNotFound, $"No Space has the id {SpaceId}.");
        }
    }

    private void EnsureLive()
    {
        EnsureExists();
        switch (Space.State)
        {
            case SpaceState.Scheduled:
                throw SpacesException.Conflict(ErrorCodes.SpaceNotLive, "The Space has not started yet.");
            case SpaceState.Ended or SpaceState.Canceled:
                throw SpacesException.Conflict(ErrorCodes.SpaceEnded, $"The Space is {Space.State.ToString().ToLowerInvariant()}.");
        }
    }

    /// <summary>The host acting on a Space in <paramref name="state"/>: what edit, start, end and cancel ask.</summary>
    private void EnsureInState(string actorId, SpaceState state, string action)
    {
        EnsureExists();
        EnsureHost(actorId);
        if (Space.State != state)
        {
            throw WrongState(action);
        }
    }

    private static void EnsureValidUserId(string userId)
    {
        if (!Ids.IsUserId(userId))
        {
            throw SpacesException.Invalid("user_id", ErrorCodes.InvalidId, "user_id is not a user id (1-64 letters, digits, '_', '-', '.').");
        }
    }

    private void EnsureHost(string actorId)
    {
        if (actorId != Space.CreatorId)
        {
            throw SpacesException.Forbidden(ErrorCodes.HostOnly, "Only the host may do this.");
        }
    }

    private void EnsureModerator(string actorId)
    {
        if (actorId != Space.CreatorId && !Space.Cohosts.Contains(actorId))
        {
            throw SpacesException.Forbidden(ErrorCodes.ModeratorOnly, "Only the host or a co-host may do this.");
        }
    }

    /// <summary>Users may do this to themselves; to someone else, only a host or co-host may.</summary>
    private void EnsureSelfOrModerator(string actorId, string userId)
    {
        if (actorId != userId)
        {
            EnsureModerator(actorId);
        }
    }

    private void EnsureNotHost(string userId)
    {
        if (userId == Space.CreatorId)
        {
            throw SpacesException.Forbidden(ErrorCodes.CannotActOnHost, "Nobody may do this to the host.");
        }
    }

    private void EnsureListening(string userId)
    {
        if (!Presence.IsListening(userId))
        {
            throw NotInSpace(userId);
        }
    }

    private void EnsureOnStage(string userId)
    {
        if (StageRole(userId) is null)
        {
            throw SpacesException.Conflict(ErrorCodes.NotOnStage, $"{userId} is not on stage.");
        }
    }

    private void EnsureStageSeat()
    {
        if (StageCount >= Options.MaxStageSize)
        {
            throw SpacesException.Conflict(ErrorCodes.StageFull, $"The stage is full: at most {Options.MaxStageSize} may be on it.");
        }
    }

    private static SpacesException NotInSpace(string userId) =>
        SpacesException.Conflict(ErrorCodes.NotInSpace, $"{userId} has not joined this Space.");

    private SpacesException WrongState(string action) => Space.State is SpaceState.Ended or SpaceState.Canceled
        ? SpacesException.Conflict(ErrorCodes.SpaceEnded, $"Cannot {action}: the Space is {Space.State.ToString().ToLowerInvariant()}.")
        : SpacesException.Conflict(ErrorCodes.WrongState, $"Cannot {action} a {Space.State.ToString().ToLowerInvariant()} Space.");
}
