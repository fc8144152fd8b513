using Spaces.Grains.Tests.Infrastructure;

namespace Spaces.Grains.Tests;

/// <summary>What a host types when creating a Space: each refusal names its field, and a refused create changes nothing.</summary>
[Collection(ClusterCollection.Name)]
public sealed class CreateValidationTests(ClusterFixture cluster)
{
    public static TheoryData<string?, string> BadTitles => new()
    {
        { null, ErrorCodes.TitleRequired },
        { "", ErrorCodes.TitleRequired },
        { "   ", ErrorCodes.TitleRequired },
        { new string('a', 71), ErrorCodes.TitleTooLong },
        { string.Concat(Enumerable.Repeat("😂", 71)), ErrorCodes.TitleTooLong },
        { "line\nbreak", ErrorCodes.InvalidField },
        { "bell\u0007", ErrorCodes.InvalidField },
        { "tab\there", ErrorCodes.InvalidField },
    };

    public static TheoryData<string> GoodTitles => new()
    {
        new string('a', 70),
        string.Concat(Enumerable.Repeat("😂", 70)),
        string.Concat(Enumerable.Repeat("👍🏽", 70)),
        string.Concat(Enumerable.Repeat("👨‍👩‍👧", 70)),
    };

    [Theory]
    [MemberData(nameof(BadTitles))]
    public async Task Bad_title_is_refused_and_changes_nothing(string? title, string code)
    {
        await AssertRefusedWithoutTraceAsync("title", code, new NewSpaceRequest(title, null, null, null));
    }

    [Theory]
    [MemberData(nameof(GoodTitles))]
    public async Task Title_of_70_characters_is_accepted_counting_an_emoji_as_one(string title)
    {
        var scenario = await SpaceScenario.LiveAsync(cluster, title);

        Assert.Equal(title, scenario.Created.Title);
    }

    [Fact]
    public async Task Title_is_trimmed()
    {
        var scenario = await SpaceScenario.LiveAsync(cluster, "  Morning show  ");

        Assert.Equal("Morning show", scenario.Created.Title);
    }

    [Theory]
    [InlineData(-60)]
    [InlineData(0)]
    [InlineData(14 * 24 * 60 * 60 + 1)]
    [InlineData(30 * 24 * 60 * 60)]
    public async Task Scheduled_start_in_the_past_or_beyond_14_days_is_refused(int secondsFromNow)
    {
        var at = cluster.Time.GetUtcNow().AddSeconds(secondsFromNow);

        await AssertRefusedWithoutTraceAsync("scheduled_start", ErrorCodes.InvalidSchedule, new NewSpaceRequest("Later", at, null, null));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(14 * 24 * 60 * 60)]
    public async Task Scheduled_start_within_14_days_is_accepted(int secondsFromNow)
    {
        var at = cluster.Time.GetUtcNow().AddSeconds(secondsFromNow);

        var scenario = await SpaceScenario.CreateAsync(cluster, new NewSpaceRequest("Later", at, null, null));

        Assert.Equal(at, scenario.Created.ScheduledStart);
    }

    [Theory]
    [InlineData("eng")]
    [InlineData("e")]
    [InlineData("e1")]
    [InlineData("")]
    public async Task Lang_that_is_not_a_two_letter_code_is_refused(string lang)
    {
        await AssertRefusedWithoutTraceAsync("lang", ErrorCodes.InvalidField, new NewSpaceRequest("Talk", null, null, lang));
    }

    [Fact]
    public async Task Lang_is_normalized_to_lower_case()
    {
        var scenario = await SpaceScenario.CreateAsync(cluster, new NewSpaceRequest("Talk", null, null, "EN"));

        Assert.Equal("en", scenario.Created.Lang);
    }

    [Theory]
    [InlineData("a", "b", "c", "d")]
    [InlineData("has space")]
    [InlineData("")]
    [InlineData("emoji😂")]
    public async Task Topic_ids_beyond_three_or_malformed_are_refused(params string[] topicIds)
    {
        await AssertRefusedWithoutTraceAsync("topic_ids", ErrorCodes.InvalidField, new NewSpaceRequest("Talk", null, topicIds, null));
    }

    [Fact]
    public async Task Topic_ids_are_kept_once_each()
    {
        var scenario = await SpaceScenario.CreateAsync(cluster, new NewSpaceRequest("Talk", null, ["tech", "music", "tech"], null));

        Assert.Equal(["tech", "music"], scenario.Created.TopicIds);
    }

    /// <summary>The create is refused on <paramref name="field"/>, and neither the user nor the lookups know of a new Space.</summary>
    private async Task AssertRefusedWithoutTraceAsync(string field, string code, NewSpaceRequest request)
    {
        var host = await cluster.NewHostAsync();

        await Refused.AsInvalidAsync(field, code, () => cluster.User(host).CreateSpaceAsync(request));

        Assert.Empty(await cluster.User(host).GetCreatedSpaceIdsAsync(10));
        Assert.Empty(await cluster.Lookup().GetByCreatorAsync(host));
    }
}
