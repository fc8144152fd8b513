using System.Text.RegularExpressions;

namespace Spaces.Contracts;

/// <summary>The shapes of ids in the public API: part of the contract, so both sides agree on what is well-formed.</summary>
public static partial class Ids
{
    /// <summary>Space ids are 13 base62 characters, as on X.</summary>
    public const int SpaceIdLength = 13;

    [GeneratedRegex("^[A-Za-z0-9]{13}$")]
    public static partial Regex SpaceIdPattern();

    /// <summary>User ids come from the identity provider: letters, digits, '_', '-', '.', up to 64.</summary>
    [GeneratedRegex("^[A-Za-z0-9_.-]{1,64}$")]
    public static partial Regex UserIdPattern();

    public static bool IsSpaceId(string? id) => id is not null && SpaceIdPattern().IsMatch(id);
    public static bool IsUserId(string? id) => id is not null && UserIdPattern().IsMatch(id);
}
