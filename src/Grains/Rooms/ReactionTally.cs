using Spaces.Contracts;

namespace Spaces.Grains.Rooms;

/// <summary>
/// The reactions of one interval: how many of each emoji, and who sent the first few (at most
/// <c>sampleSize</c> distinct users). What it holds is bounded by the allowed emojis and the sample size, however
/// large the audience; <see cref="Take"/> hands the interval over and starts the next one empty.
/// </summary>
internal sealed class ReactionTally(int sampleSize)
{
    // Insertion order is first-seen order, so counts read in the order the interval saw them.
    private readonly List<EmojiCount> _counts = [];
    private readonly List<ReactionSample> _sample = [];

    public bool IsEmpty => Total == 0;

    /// <summary>Reactions counted since the last <see cref="Take"/>.</summary>
    public int Total { get; private set; }

    public void Add(string userId, string emoji)
    {
        Total++;
        var index = _counts.FindIndex(c => c.Emoji == emoji);
        if (index < 0)
        {
            _counts.Add(new EmojiCount(emoji, 1));
        }
        else
        {
            _counts[index] = _counts[index] with { Count = _counts[index].Count + 1 };
        }

        // One entry per user: a sample of who reacted, not of how often one user did.
        if (_sample.Count < sampleSize && !_sample.Exists(s => s.UserId == userId))
        {
            _sample.Add(new ReactionSample(userId, emoji));
        }
    }

    /// <summary>The interval's counts and sample; the tally is empty afterwards.</summary>
    public ReactionTotals Take()
    {
        var totals = new ReactionTotals(Total, [.. _counts], [.. _sample]);
        Total = 0;
        _counts.Clear();
        _sample.Clear();
        return totals;
    }
}
