using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Spaces.Contracts;
using Spaces.Gateway.Auth;
using Spaces.Gateway.Problems;
using static Spaces.Gateway.Endpoints.EndpointResults;

namespace Spaces.Gateway.Endpoints;

/// <summary>
/// The Space routes: creating, looking up and discovering Spaces, and the host's lifecycle moves. What happens
/// inside a live Space (joining, the stage, moderation, reactions) is <see cref="StageEndpoints"/>.
/// </summary>
internal static class SpaceEndpoints
{
    public static void MapSpaceEndpoints(this IEndpointRouteBuilder app)
    {
        var spaces = app.MapGroup("/v1/spaces").WithTags("Spaces").RequireAuthorization().ProducesProblems(SharedProblems.SignedIn);
        spaces.MapPost("/", CreateAsync).ProducesProblems([
            .. SharedProblems.JsonBody, ErrorCodes.TitleRequired, ErrorCodes.TitleTooLong, ErrorCodes.InvalidSchedule, ErrorCodes.InvalidCurrency,
            ErrorCodes.NotEligibleToHost, ErrorCodes.NotEligibleToHostTicketed, ErrorCodes.UserNotFound]);
        spaces.MapGet("/", GetManyAsync).ProducesProblems(ErrorCodes.InvalidField, ErrorCodes.InvalidId, ErrorCodes.TooManyIds);
        spaces.MapGet("/live", GetLiveAsync).ProducesProblems(ErrorCodes.InvalidField);
        spaces.MapGet("/upcoming", GetUpcomingAsync).ProducesProblems(ErrorCodes.InvalidField);
        spaces.MapGet("/following", GetFollowingAsync).ProducesProblems(ErrorCodes.InvalidField);
        spaces.MapGet("/{id}", GetAsync).ProducesProblems(SharedProblems.SpaceById);
        spaces.MapPatch("/{id}", UpdateAsync).ProducesProblems([
            .. SharedProblems.HostLifecycle, .. SharedProblems.JsonBody, ErrorCodes.TitleRequired, ErrorCodes.TitleTooLong, ErrorCodes.InvalidSchedule]);
        spaces.MapPost("/{id}/start", StartAsync).ProducesProblems(SharedProblems.HostLifecycle);
        spaces.MapPost("/{id}/end", EndAsync).ProducesProblems(SharedProblems.HostLifecycle);
        spaces.MapPost("/{id}/cancel", CancelAsync).ProducesProblems(SharedProblems.HostLifecycle);

        spaces.MapPut("/{id}/reminder", SetReminderAsync).ProducesProblems([.. SharedProblems.SpaceById, ErrorCodes.WrongState, ErrorCodes.SpaceEnded]);
        spaces.MapDelete("/{id}/reminder", RemoveReminderAsync).ProducesProblems(SharedProblems.SpaceById);

        spaces.MapStageEndpoints();
    }

    private static async Task<Created<SpaceView>> CreateAsync(NewSpaceRequest request, ClaimsPrincipal user, IGrainFactory grains)
    {
        var space = await grains.GetGrain<IUserGrain>(user.UserId()).CreateSpaceAsync(request);
        return TypedResults.Created($"/v1/spaces/{space.Id}", space);
    }

    private static async Task<Ok<ListResponse<SpaceView>>> GetManyAsync(string? ids, IGrainFactory grains)
    {
        var spaceIds = (ids ?? "").Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        return TypedResults.Ok(new ListResponse<SpaceView>(await grains.GetGrain<ISpaceLookupGrain>(0).GetManyAsync(spaceIds)));
    }

    private static Task<Ok<SpacePage>> GetLiveAsync(string? topic, string? lang, string? q, int? limit, string? cursor, IGrainFactory grains) =>
        OkAsync(Discovery(grains).GetLiveAsync(new DiscoveryQuery(topic, lang, q, limit, cursor)));

    private static Task<Ok<SpacePage>> GetUpcomingAsync(string? topic, string? lang, string? q, int? limit, string? cursor, IGrainFactory grains) =>
        OkAsync(Discovery(grains).GetUpcomingAsync(new DiscoveryQuery(topic, lang, q, limit, cursor)));

    private static Task<Ok<SpacePage>> GetFollowingAsync(int? limit, ClaimsPrincipal user, IGrainFactory grains) =>
        OkAsync(Discovery(grains).GetFollowingAsync(user.UserId(), limit));

    private static Task<Ok<SpaceView>> GetAsync(string id, IGrainFactory grains) => OkAsync(grains.SpaceGrain(id).GetAsync());

    private static Task<Ok<SpaceView>> UpdateAsync(string id, SpaceUpdate update, ClaimsPrincipal user, IGrainFactory grains) =>
        OkAsync(grains.SpaceGrain(id).UpdateAsync(user.UserId(), update));

    private static Task<Ok<SpaceView>> StartAsync(string id, ClaimsPrincipal user, IGrainFactory grains) =>
        OkAsync(grains.SpaceGrain(id).StartAsync(user.UserId()));

    private static Task<Ok<SpaceView>> EndAsync(string id, ClaimsPrincipal user, IGrainFactory grains) =>
        OkAsync(grains.SpaceGrain(id).EndAsync(user.UserId()));

    private static Task<Ok<SpaceView>> CancelAsync(string id, ClaimsPrincipal user, IGrainFactory grains) =>
        OkAsync(grains.SpaceGrain(id).CancelAsync(user.UserId()));

    private static Task<Ok<SpaceView>> SetReminderAsync(string id, ClaimsPrincipal user, IGrainFactory grains) =>
        OkAsync(grains.SpaceGrain(id).SetReminderAsync(user.UserId(), subscribed: true));

    private static Task<Ok<SpaceView>> RemoveReminderAsync(string id, ClaimsPrincipal user, IGrainFactory grains) =>
        OkAsync(grains.SpaceGrain(id).SetReminderAsync(user.UserId(), subscribed: false));

    private static ISpaceDirectoryGrain Discovery(IGrainFactory grains) => grains.GetGrain<ISpaceDirectoryGrain>(0);
}
