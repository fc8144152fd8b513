using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Spaces.Contracts;
using Spaces.Gateway.Auth;
using Spaces.Gateway.Problems;
using static Spaces.Gateway.Endpoints.EndpointResults;

namespace Spaces.Gateway.Endpoints;

/// <summary>The user routes: profiles, following, notifications, a creator's Spaces, and the admin's follower sync.</summary>
internal static class UserEndpoints
{
    public static void MapUserEndpoints(this IEndpointRouteBuilder app)
    {
        var users = app.MapGroup("/v1/users").WithTags("Users").RequireAuthorization().ProducesProblems(SharedProblems.SignedIn);
        users.MapGet("/{id}", GetProfileAsync).ProducesProblems(ErrorCodes.InvalidId, ErrorCodes.UserNotFound);
        users.MapPut("/me", UpdateMyProfileAsync).ProducesProblems(SharedProblems.JsonBody);
        users.MapGet("/me/notifications", GetMyNotificationsAsync);
        users.MapPut("/{id}/follow", FollowAsync).ProducesProblems(ErrorCodes.InvalidId, ErrorCodes.CannotFollowSelf, ErrorCodes.UserNotFound, ErrorCodes.TooManyFollows);
        users.MapDelete("/{id}/follow", UnfollowAsync).ProducesProblems(ErrorCodes.InvalidId);
        users.MapGet("/{id}/spaces", GetCreatedSpacesAsync).ProducesProblems(ErrorCodes.InvalidId, ErrorCodes.UserNotFound);

        var admin = app.MapGroup("/v1/admin").WithTags("Admin").RequireAuthorization(TokenAuthentication.AdminPolicy)
            .ProducesProblems([.. SharedProblems.SignedIn, ErrorCodes.AdminOnly]);
        admin.MapPut("/users/{id}/followers", SyncFollowersAsync).ProducesProblems([.. SharedProblems.JsonBody, ErrorCodes.InvalidId]);
    }

    private static Task<Ok<UserProfile>> GetProfileAsync(string id, IGrainFactory grains) => OkAsync(grains.UserGrain(id).GetProfileAsync());

    private static Task<Ok<UserProfile>> UpdateMyProfileAsync(ProfileUpdate update, ClaimsPrincipal user, IGrainFactory grains) =>
        OkAsync(grains.GetGrain<IUserGrain>(user.UserId()).UpdateProfileAsync(update));

    private static async Task<Ok<ListResponse<Notification>>> GetMyNotificationsAsync(ClaimsPrincipal user, IGrainFactory grains) =>
        TypedResults.Ok(new ListResponse<Notification>(await grains.GetGrain<IUserGrain>(user.UserId()).GetNotificationsAsync()));

    private static Task<NoContent> FollowAsync(string id, ClaimsPrincipal user, IGrainFactory grains) =>
        NoContentAsync(grains.GetGrain<IUserGrain>(user.UserId()).FollowAsync(RouteIds.User(id, "id")));

    private static Task<NoContent> UnfollowAsync(string id, ClaimsPrincipal user, IGrainFactory grains) =>
        NoContentAsync(grains.GetGrain<IUserGrain>(user.UserId()).UnfollowAsync(RouteIds.User(id, "id")));

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
