using Spaces.Contracts;
using Spaces.Gateway.Problems;

namespace Spaces.Gateway.Tests.Http;

/// <summary>Each kind of refusal maps to its own HTTP status; a write storage refused is a 503 the caller may retry.</summary>
public sealed class ErrorKindStatusTests
{
    [Fact]
    public void A_storage_outage_answers_503()
    {
        Assert.Equal(503, ProblemResponses.StatusOf(ErrorKind.Unavailable));
        Assert.Equal(ErrorKind.Unavailable, SpacesException.Unavailable(ErrorCodes.StorageUnavailable, "down").Kind);
        Assert.NotNull(SpacesException.Unavailable(ErrorCodes.StorageUnavailable, "down").RetryAfter);
    }

    [Fact]
    public void Every_kind_has_a_status_of_its_own()
    {
        var statuses = Enum.GetValues<ErrorKind>().Select(ProblemResponses.StatusOf).ToList();

        Assert.DoesNotContain(500, statuses);
        Assert.Equal(statuses.Count, statuses.Distinct().Count());
    }
}
