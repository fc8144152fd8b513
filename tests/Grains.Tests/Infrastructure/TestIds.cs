namespace Spaces.Grains.Tests.Infrastructure;

/// <summary>Fresh ids, so tests sharing one cluster never see each other's users or Spaces.</summary>
public static class TestIds
{
    public static string User(string prefix = "user") => $"{prefix}-{Guid.NewGuid():N}";

    /// <summary>A well-formed Space id that no Space has.</summary>
    public static string Space() => Guid.NewGuid().ToString("N")[..Ids.SpaceIdLength];
}
