using Spaces.Contracts;

namespace Spaces.Gateway.Endpoints;

/// <summary>Checks ids taken from the path before they address a grain: a malformed id is a 400 naming its field.</summary>
internal static class RouteIds
{
    public static string Space(string id) =>
        Ids.IsSpaceId(id) ? id : throw SpacesException.Invalid("id", ErrorCodes.InvalidId, $"id is not a Space id ({Ids.SpaceIdLength} letters and digits).");

    public static string User(string id, string field = "user_id") =>
        Ids.IsUserId(id) ? id : throw SpacesException.Invalid(field, ErrorCodes.InvalidId, $"{field} is not a user id (1-64 letters, digits, '_', '-', '.').");

    public static ISpaceGrain SpaceGrain(this IGrainFactory grains, string id) => grains.GetGrain<ISpaceGrain>(Space(id));

    public static IUserGrain UserGrain(this IGrainFactory grains, string id, string field = "id") => grains.GetGrain<IUserGrain>(User(id, field));
}

/// <summary>A list answer, shaped like the X API's <c>{"data": [...]}</c> so paging metadata can join it later.</summary>
public sealed record ListResponse<T>(IReadOnlyList<T> Data);
