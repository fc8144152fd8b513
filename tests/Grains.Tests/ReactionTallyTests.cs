using Spaces.Grains.Hosting;
using Spaces.Grains.Rooms;

namespace Spaces.Grains.Tests;

/// <summary>
/// The interval a large Space counts reactions in (<see cref="ReactionTally"/>), and the options that shape it:
/// whatever the audience, it holds one count per emoji and at most the sample size of users.
/// </summary>
public sealed class ReactionTallyTests
{
    [Fact]
    public void Counts_each_emoji_once_in_first_seen_order_and_samples_distinct_users_up_to_the_bound()
    {
        var tally = new ReactionTally(sampleSize: 3);

        foreach (var (user, emoji) in new[] { ("a", "👏"), ("b", "💯"), ("a", "👏"), ("a", "💯"), ("c", "👏"), ("d", "👏"), ("e", "😂") })
        {
            tally.Add(user, emoji);
        }

        var totals = tally.Take();
        Assert.Equal(7, totals.Total);
        Assert.Equal([new EmojiCount("👏", 4), new EmojiCount("💯", 2), new EmojiCount("😂", 1)], totals.Counts);
        Assert.Equal([new ReactionSample("a", "👏"), new ReactionSample("b", "💯"), new ReactionSample("c", "👏")], totals.Sample);
    }

    [Fact]
    public void Take_hands_the_interval_over_and_the_next_starts_empty()
    {
        var tally = new ReactionTally(sampleSize: 8);
        tally.Add("a", "👋");

        var first = tally.Take();
        Assert.True(tally.IsEmpty);
        tally.Add("b", "👍");
        var second = tally.Take();

        Assert.Equal([new EmojiCount("👋", 1)], first.Counts);
        Assert.Equal(1, second.Total);
        Assert.Equal([new EmojiCount("👍", 1)], second.Counts);
        Assert.Equal([new ReactionSample("b", "👍")], second.Sample);
    }

    [Fact]
    public void A_sample_size_of_zero_counts_without_naming_anyone()
    {
        var tally = new ReactionTally(sampleSize: 0);
        tally.Add("a", "👏");

        var totals = tally.Take();
        Assert.Equal(1, totals.Total);
        Assert.Empty(totals.Sample);
    }

    [Theory]
    [InlineData(nameof(SpacesOptions.CoalesceReactionsAbove))]
    [InlineData(nameof(SpacesOptions.ReactionCoalesceInterval))]
    [InlineData(nameof(SpacesOptions.ReactionSampleSize))]
    public void A_coalescing_option_out_of_range_is_refused_by_name(string option)
    {
        var options = option switch
        {
            nameof(SpacesOptions.CoalesceReactionsAbove) => new SpacesOptions { CoalesceReactionsAbove = -1 },
            nameof(SpacesOptions.ReactionCoalesceInterval) => new SpacesOptions { ReactionCoalesceInterval = TimeSpan.FromMilliseconds(10) },
            _ => new SpacesOptions { ReactionSampleSize = 101 },
        };

        var result = new SpacesOptionsValidator().Validate(null, options);

        Assert.True(result.Failed);
        Assert.Contains(option, result.FailureMessage);
    }
}
