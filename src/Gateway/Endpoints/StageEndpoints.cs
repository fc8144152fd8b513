using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Spaces.Contracts;
using Spaces.Gateway.Auth;
using Spaces.Gateway.Problems;
using static Spaces.Gateway.Endpoints.EndpointResults;

namespace Spaces.Gateway.Endpoints;

/// <summary>The routes inside a live Space: joining and leaving, hands, the stage, moderation and reactions.</summary>
internal static class StageEndpoints
{
    /// <summary>Maps onto the <c>/v1/spaces</c> group of <see cref="SpaceEndpoints"/>.</summary>
    public static void MapStageEndpoints(this RouteGroupBuilder spaces)
    {
        spaces.MapPost("/{id}/join", JoinAsync).ProducesProblems([.. SharedProblems.LiveSpace, ErrorCodes.RemovedFromSpace, ErrorCodes.TicketRequired]);
        spaces.MapPost("/{id}/leave", LeaveAsync).ProducesProblems(SharedProblems.SpaceById);
        spaces.MapGet("/{id}/participants", GetParticipantsAsync).ProducesProblems([.. SharedProblems.SpaceById, ErrorCodes.InvalidField]);

        spaces.MapPut("/{id}/hand", RaiseHandAsync).ProducesProblems([.. SharedProblems.LiveSpace, ErrorCodes.AlreadyOnStage, ErrorCodes.NotInSpace]);
        spaces.MapDelete("/{id}/hand", LowerHandAsync).ProducesProblems(SharedProblems.LiveSpace);
        spaces.MapDelete("/{id}/hands/{userId}", DismissHandAsync).ProducesProblems([.. SharedProblems.LiveSpace, ErrorCodes.ModeratorOnly]);

        spaces.MapPost("/{id}/speakers/{userId}", AddSpeakerAsync).ProducesProblems([
            .. SharedProblems.LiveSpace, ErrorCodes.ModeratorOnly, ErrorCodes.AlreadyOnStage, ErrorCodes.NotInSpace, ErrorCodes.StageFull]);
        spaces.MapDelete("/{id}/speakers/{userId}", MoveToAudienceAsync).ProducesProblems([.. SharedProblems.Moderation, ErrorCodes.NotOnStage]);
        spaces.MapPost("/{id}/invitations/accept", AcceptInvitationAsync).ProducesProblems([
            .. SharedProblems.LiveSpace, ErrorCodes.NoPendingInvitation, ErrorCodes.NotInSpace, ErrorCodes.StageFull]);
        spaces.MapPost("/{id}/invitations/decline", DeclineInvitationAsync).ProducesProblems([.. SharedProblems.LiveSpace, ErrorCodes.NoPendingInvitation]);

        spaces.MapPut("/{id}/cohosts/{userId}", AddCohostAsync).ProducesProblems([
            .. SharedProblems.Moderation, ErrorCodes.CohostLimit, ErrorCodes.NotInSpace, ErrorCodes.StageFull]);
        spaces.MapDelete("/{id}/cohosts/{userId}", RemoveCohostAsync).ProducesProblems([.. SharedProblems.LiveSpace, ErrorCodes.ModeratorOnly]);

        spaces.MapPost("/{id}/mute/{userId}", MuteAsync).ProducesProblems([.. SharedProblems.Moderation, ErrorCodes.NotOnStage]);
        spaces.MapDelete("/{id}/mute/{userId}", UnmuteAsync).ProducesProblems([.. SharedProblems.LiveSpace, ErrorCodes.OnlySelfUnmute, ErrorCodes.NotOnStage]);
        spaces.MapPost("/{id}/remove/{userId}", RemoveParticipantAsync).ProducesProblems([.. SharedProblems.Moderation, ErrorCodes.InvalidField]);

        spaces.MapPost("/{id}/reactions", ReactAsync).ProducesProblems([
            .. SharedProblems.LiveSpace, .. SharedProblems.JsonBody, ErrorCodes.InvalidEmoji, ErrorCodes.NotInSpace, ErrorCodes.ReactionsBlocked,
            ErrorCodes.ReactionRateLimited]);
        spaces.MapPut("/{id}/reactions/blocked/{userId}", BlockReactionsAsync).ProducesProblems(SharedProblems.Moderation);
        spaces.MapDelete("/{id}/reactions/blocked/{userId}", UnblockReactionsAsync).ProducesProblems(SharedProblems.Moderation);
    }

    private static Task<Ok<JoinResult>> JoinAsync(string id, ClaimsPrincipal user, IGrainFactory grains) =>
        OkAsync(grains.SpaceGrain(id).JoinAsync(user.UserId()));

    private static Task<NoContent> LeaveAsync(string id, ClaimsPrincipal user, IGrainFactory grains) =>
        NoContentAsync(grains.SpaceGrain(id).LeaveAsync(user.UserId()));

    private static async Task<Ok<ParticipantsView>> GetParticipantsAsync(string id, long? cursor, int? limit, ClaimsPrincipal user, IGrainFactory grains)
    {
        var space = grains.SpaceGrain(id);
        await space.EnsureMayWatchAsync(user.UserId());
        return TypedResults.Ok(await space.GetParticipantsAsync(cursor, limit));
    }

    private static Task<NoContent> RaiseHandAsync(string id, ClaimsPrincipal user, IGrainFactory grains) =>
        NoContentAsync(grains.SpaceGrain(id).RaiseHandAsync(user.UserId()));

    private static Task<NoContent> LowerHandAsync(string id, ClaimsPrincipal user, IGrainFactory grains) =>
        NoContentAsync(grains.SpaceGrain(id).LowerHandAsync(user.UserId(), user.UserId()));

    private static Task<NoContent> DismissHandAsync(string id, string userId, ClaimsPrincipal user, IGrainFactory grains) =>
        NoContentAsync(grains.SpaceGrain(id).LowerHandAsync(user.UserId(), RouteIds.User(userId)));

    private static async Task<Ok<SpeakerActionResponse>> AddSpeakerAsync(string id, string userId, ClaimsPrincipal user, IGrainFactory grains) =>
        TypedResults.Ok(new SpeakerActionResponse(await grains.SpaceGrain(id).AddSpeakerAsync(user.UserId(), RouteIds.User(userId))));

    private static Task<NoContent> MoveToAudienceAsync(string id, string userId, ClaimsPrincipal user, IGrainFactory grains) =>
        NoContentAsync(grains.SpaceGrain(id).MoveToAudienceAsync(user.UserId(), RouteIds.User(userId)));

    private static Task<NoContent> AcceptInvitationAsync(string id, ClaimsPrincipal user, IGrainFactory grains) =>
        NoContentAsync(grains.SpaceGrain(id).AcceptInvitationAsync(user.UserId()));

    private static Task<NoContent> DeclineInvitationAsync(string id, ClaimsPrincipal user, IGrainFactory grains) =>
        NoContentAsync(grains.SpaceGrain(id).DeclineInvitationAsync(user.UserId()));

    private static Task<NoContent> AddCohostAsync(string id, string userId, ClaimsPrincipal user, IGrainFactory grains) =>
        NoContentAsync(grains.SpaceGrain(id).AddCohostAsync(user.UserId(), RouteIds.User(userId)));

    private static Task<NoContent> RemoveCohostAsync(string id, string userId, ClaimsPrincipal user, IGrainFactory grains) =>
        NoContentAsync(grains.SpaceGrain(id).RemoveCohostAsync(user.UserId(), RouteIds.User(userId)));

    private static Task<NoContent> MuteAsync(string id, string userId, ClaimsPrincipal user, IGrainFactory grains) =>
        NoContentAsync(grains.SpaceGrain(id).MuteAsync(user.UserId(), RouteIds.User(userId)));

    private static Task<NoContent> UnmuteAsync(string id, string userId, ClaimsPrincipal user, IGrainFactory grains) =>
        NoContentAsync(grains.SpaceGrain(id).UnmuteAsync(user.UserId(), RouteIds.User(userId)));

    private static Task<NoContent> RemoveParticipantAsync(string id, string userId, ClaimsPrincipal user, IGrainFactory grains) =>
        NoContentAsync(grains.SpaceGrain(id).RemoveParticipantAsync(user.UserId(), RouteIds.User(userId)));

    private static async Task<Accepted> ReactAsync(string id, ReactionRequest request, ClaimsPrincipal user, IGrainFactory grains)
    {
        var emoji = request.Emoji ?? throw SpacesException.Invalid("emoji", ErrorCodes.InvalidEmoji, "emoji is required.");
        await grains.SpaceGrain(id).ReactAsync(user.UserId(), emoji);
        return TypedResults.Accepted((string?)null);
    }

    private static Task<NoContent> BlockReactionsAsync(string id, string userId, ClaimsPrincipal user, IGrainFactory grains) =>
        NoContentAsync(grains.SpaceGrain(id).SetReactionsBlockedAsync(user.UserId(), RouteIds.User(userId), blocked: true));

    private static Task<NoContent> UnblockReactionsAsync(string id, string userId, ClaimsPrincipal user, IGrainFactory grains) =>
        NoContentAsync(grains.SpaceGrain(id).SetReactionsBlockedAsync(user.UserId(), RouteIds.User(userId), blocked: false));
}

/// <summary>What <c>POST /speakers/{userId}</c> did: accepted a raised hand, or sent an invitation.</summary>
public sealed record SpeakerActionResponse(SpeakerAction Result);

public sealed record ReactionRequest(string? Emoji);
