using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Spaces.Contracts;
using Spaces.Gateway.Auth;
using Spaces.Gateway.Problems;
using static Spaces.Gateway.Endpoints.EndpointResults;

namespace Spaces.Gateway.Endpoints;

/// <summary>The recording routes of product.md: the host turns recording on or off and publishes the replay; replays by Space and by host.</summary>
internal static class RecordingEndpoints
{
    /// <summary>The host switching the recording (or its replay's visibility) of a Space that has not ended.</summary>
    private static readonly string[] RecordingSwitch = [.. SharedProblems.SpaceById, ErrorCodes.HostOnly, ErrorCodes.WrongState, ErrorCodes.SpaceEnded];

    public static void MapRecordingEndpoints(this IEndpointRouteBuilder app)
    {
        var spaces = app.MapGroup("/v1/spaces").WithTags("Recordings").RequireAuthorization().ProducesProblems(SharedProblems.SignedIn);
        spaces.MapPut("/{id}/recording", StartRecordingAsync).ProducesProblems(RecordingSwitch);
        spaces.MapDelete("/{id}/recording", StopRecordingAsync).ProducesProblems(RecordingSwitch);
        spaces.MapPut("/{id}/replay/public", PublishReplayAsync).ProducesProblems([.. SharedProblems.SpaceById, ErrorCodes.HostOnly, ErrorCodes.NotRecorded]);
        spaces.MapDelete("/{id}/replay/public", UnpublishReplayAsync).ProducesProblems([.. SharedProblems.SpaceById, ErrorCodes.HostOnly, ErrorCodes.NotRecorded]);
        spaces.MapGet("/{id}/replay", GetReplayAsync).ProducesProblems([
            .. SharedProblems.SpaceById, ErrorCodes.ReplayNotFound, ErrorCodes.ReplayNotPublic, ErrorCodes.RemovedFromSpace, ErrorCodes.TicketRequired]);

        var users = app.MapGroup("/v1/users").WithTags("Recordings").RequireAuthorization().ProducesProblems(SharedProblems.SignedIn);
        users.MapGet("/{id}/replays", GetHostReplaysAsync).ProducesProblems(ErrorCodes.InvalidId, ErrorCodes.UserNotFound);
    }

    private static Task<Ok<SpaceView>> StartRecordingAsync(string id, ClaimsPrincipal user, IGrainFactory grains) =>
        OkAsync(grains.SpaceGrain(id).SetRecordingAsync(user.UserId(), on: true));

    private static Task<Ok<SpaceView>> StopRecordingAsync(string id, ClaimsPrincipal user, IGrainFactory grains) =>
        OkAsync(grains.SpaceGrain(id).SetRecordingAsync(user.UserId(), on: false));

    private static Task<Ok<SpaceView>> PublishReplayAsync(string id, ClaimsPrincipal user, IGrainFactory grains) =>
        OkAsync(grains.SpaceGrain(id).SetReplayPublicAsync(user.UserId(), isPublic: true));

    private static Task<Ok<SpaceView>> UnpublishReplayAsync(string id, ClaimsPrincipal user, IGrainFactory grains) =>
        OkAsync(grains.SpaceGrain(id).SetReplayPublicAsync(user.UserId(), isPublic: false));

    private static Task<Ok<ReplayView>> GetReplayAsync(string id, ClaimsPrincipal user, IGrainFactory grains) =>
        OkAsync(grains.SpaceGrain(id).GetReplayAsync(user.UserId()));

    private static async Task<Ok<ListResponse<ReplayView>>> GetHostReplaysAsync(string id, ClaimsPrincipal user, IGrainFactory grains) =>
        TypedResults.Ok(new ListResponse<ReplayView>(await grains.GetGrain<ISpaceLookupGrain>(0).GetReplaysAsync(RouteIds.User(id, "id"), user.UserId())));
}
