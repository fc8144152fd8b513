using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Spaces.Contracts;
using Spaces.Gateway.Auth;

namespace Spaces.Gateway.Endpoints;

internal static class UserEndpoints
{
    public static void MapUserEndpoints(this IEndpointRouteBuilder app)
    {
        var users = app.MapGroup("/v1/users").WithTags("Users").RequireAuthorization();
        users.MapGet("/{id}", GetProfileAsync);
        users.MapPut("/me", UpdateMyProfileAsync);
        users.MapGet("/me/notifications", async (ClaimsPrincipal user, IGrainFactory grains) =>
            TypedResults.Ok(new ListResponse<Notification>(await grains.GetGrain<IUserGrain>(user.UserId()).GetNotificationsAsync())));
        users.MapPut("/{id}/follow", FollowAsync);
        users.MapDelete("/{id}/follow", UnfollowAsync);
        users.MapGet("/{id}/spaces", GetCreatedSpacesAsync);

        var admin = app.MapGroup("/v1/admin").WithTags("Admin").RequireAuthorization(TokenAuthentication.AdminPolicy);
        admin.MapPut("/users/{id}/followers", SyncFollowersAsync);
    }

    private static async Task<Ok<UserProfile>> GetProfileAsync(string id, IGrainFactory grains) =>
        TypedResults.Ok(await grains.UserGrain(id).GetProfileAsync());

    private static async Task<Ok<UserProfile>> UpdateMyProfileAsync(ProfileUpdate update, ClaimsPrincipal user, IGrainFactory grains) =>
        TypedResults.Ok(await grains.GetGrain<IUserGrain>(user.UserId()).UpdateProfileAsync(update));

    private static async Task<NoContent> FollowAsync(string id, ClaimsPrincipal user, IGrainFactory grains)
    {
        await grains.GetGrain<IUserGrain>(user.UserId()).FollowAsync(RouteIds.User(id, "id"));
        return TypedResults.NoContent();
    }

    private static async Task<NoContent> UnfollowAsync(string id, ClaimsPrincipal user, IGrainFactory grains)
    {
        await grains.GetGrain<IUserGrain>(user.UserId()).UnfollowAsync(RouteIds.User(id, "id"));
        return TypedResults.NoContent();
    }

    private static async Task<Ok<ListResponse<SpaceView>>> GetCreatedSpacesAsync(string id, IGrainFactory grains) =>
        TypedResults.Ok(new ListResponse<SpaceView>(await grains.GetGrain<ISpaceLookupGrain>(0).GetByCreatorAsync(RouteIds.User(id, "id"))));

    private static async Task<Ok<UserProfile>> SyncFollowersAsync(string id, FollowersCountRequest request, IGrainFactory grains)
    {
        var count = request.Count ?? throw SpacesException.Invalid("count", ErrorCodes.InvalidField, "count is required.");
        return TypedResults.Ok(await grains.UserGrain(id).SyncFollowersCountAsync(count));
    }
}

/// <summary>The follower count an external social graph reports for one account.</summary>
public sealed record FollowersCountRequest(long? Count);
