namespace Spaces.Cluster.Tests.Infrastructure;

/// <summary>
/// The MongoDB server MongoDB cases run against: <c>SPACES_TEST_MONGODB_URI</c>, when set. No MongoDB server is
/// packaged for the build machines, so there those cases are reported as skipped, naming the variable.
/// </summary>
public static class MongoTestServer
{
    public const string Variable = "SPACES_TEST_MONGODB_URI";

    public const string SkipReason = $"set {Variable} to run against MongoDB";

    public static string? Uri => Environment.GetEnvironmentVariable(Variable) is { Length: > 0 } uri ? uri : null;

    /// <summary>A database of its own per fixture or test, dropped afterwards.</summary>
    public static string NewDatabaseName() => $"spaces_test_{Guid.NewGuid():N}";
}

/// <summary>A fact that needs a MongoDB server: skipped, naming <see cref="MongoTestServer.Variable"/>, without one.</summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class MongoFactAttribute : FactAttribute
{
    public MongoFactAttribute()
    {
        if (MongoTestServer.Uri is null)
        {
            Skip = MongoTestServer.SkipReason;
        }
    }
}
