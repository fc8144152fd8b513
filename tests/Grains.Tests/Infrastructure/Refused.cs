namespace Spaces.Grains.Tests.Infrastructure;

/// <summary>Asserts that a grain call was refused by one named rule (the exception crossed the wire intact).</summary>
public static class Refused
{
    public static async Task<SpacesException> ByAsync(ErrorKind kind, string code, Func<Task> call, string? field = null)
    {
        var refusal = await Assert.ThrowsAsync<SpacesException>(call);
        Assert.Equal((kind, code), (refusal.Kind, refusal.Code));
        if (field is not null)
        {
            Assert.Equal(field, refusal.Field);
        }

        return refusal;
    }

    public static Task<SpacesException> AsInvalidAsync(string field, string code, Func<Task> call) =>
        ByAsync(ErrorKind.Invalid, code, call, field);

    public static Task<SpacesException> AsForbiddenAsync(string code, Func<Task> call) => ByAsync(ErrorKind.Forbidden, code, call);

    public static Task<SpacesException> AsConflictAsync(string code, Func<Task> call) => ByAsync(ErrorKind.Conflict, code, call);
}
