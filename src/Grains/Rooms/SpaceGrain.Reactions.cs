using Spaces.Contracts;

namespace Spaces.Grains.Rooms;

/// <summary>
/// Reactions at scale (product.md, "Reactions"): a Space whose audience exceeds
/// <see cref="SpacesOptions.CoalesceReactionsAbove"/> counts reactions into a <see cref="ReactionTally"/> and sends
/// one <see cref="ReactionsCoalesced"/> per <see cref="SpacesOptions.ReactionCoalesceInterval"/>, so what a gateway
/// delivers grows with the audience, not with the audience times the reactions. Smaller Spaces send one
/// <see cref="ReactionSent"/> per reaction. Every reaction passes the same checks first (<see cref="ReactAsync"/>).
/// </summary>
internal sealed partial class SpaceGrain
{
    private ReactionTally? _reactionTally;
    private IGrainTimer? _reactionTimer;

    /// <summary>Sends an accepted reaction on its own, or counts it into the current interval in a large Space.</summary>
    private async Task SendReactionAsync(string userId, string emoji)
    {
        if (Presence.Count <= Options.CoalesceReactionsAbove)
        {
            await PublishAsync(new ReactionSent(userId, emoji));
            return;
        }

        _reactionTally ??= new ReactionTally(Options.ReactionSampleSize);
        _reactionTally.Add(userId, emoji);
        // The interval starts with its first reaction; a quiet Space holds no timer.
        _reactionTimer ??= this.RegisterGrainTimer(
            _ => RunTurnAsync(OnReactionIntervalAsync),
            new GrainTimerCreationOptions(Options.ReactionCoalesceInterval, Options.ReactionCoalesceInterval));
    }

    private async Task OnReactionIntervalAsync()
    {
        if (TakeCoalescedReactions() is { } coalesced)
        {
            // Reactions change no stored state: the event goes out as any other, in the Space's seq order.
            await PublishAsync(coalesced);
            return;
        }

        // An interval without reactions: stop until the next one starts a new interval.
        StopReactionTimer();
    }

    /// <summary>
    /// Closes the interval when the Space ends, so the reactions already counted go out before <c>space.ended</c>
    /// (in the same write). Other events do not wait for the interval: reactions carry no state they could reorder.
    /// </summary>
    private SpaceEvent[] CloseReactionInterval()
    {
        StopReactionTimer();
        return TakeCoalescedReactions() is { } coalesced ? [coalesced] : [];
    }

    private ReactionsCoalesced? TakeCoalescedReactions()
    {
        if (_reactionTally is not { IsEmpty: false } tally)
        {
            return null;
        }

        var totals = tally.Take();
        return new ReactionsCoalesced(totals.Total, totals.Counts, totals.Sample);
    }

    private void StopReactionTimer()
    {
        _reactionTimer?.Dispose();
        _reactionTimer = null;
    }
}
