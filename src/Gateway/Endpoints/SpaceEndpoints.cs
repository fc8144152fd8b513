using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Spaces.Contracts;
using Spaces.Gateway.Auth;

namespace Spaces.Gateway.Endpoints;

/// <summary>The Space routes of product.md: each one translates to one grain call and back.</summary>
internal static class SpaceEndpoints
{
    public static void MapSpaceEndpoints(this IEndpointRouteBuilder app)
    {
        var spaces = app.MapGroup("/v1/spaces").WithTags("Spaces").RequireAuthorization();
        spaces.MapPost("/", CreateAsync);
        spaces.MapGet("/", GetManyAsync);
        spaces.MapGet("/live", (string? topic, string? lang, string? q, int? limit, string? cursor, IGrainFactory grains) =>
            Answer(grains.GetGrain<ISpaceDirectoryGrain>(0).GetLiveAsync(new DiscoveryQuery(topic, lang, q, limit, cursor))));
        spaces.MapGet("/upcoming", (string? topic, string? lang, string? q, int? limit, string? cursor, IGrainFactory grains) =>
            Answer(grains.GetGrain<ISpaceDirectoryGrain>(0).GetUpcomingAsync(new DiscoveryQuery(topic, lang, q, limit, cursor))));
        spaces.MapGet("/following", (int? limit, ClaimsPrincipal user, IGrainFactory grains) =>
            Answer(grains.GetGrain<ISpaceDirectoryGrain>(0).GetFollowingAsync(user.UserId(), limit)));
        spaces.MapGet("/{id}", GetAsync);
        spaces.MapPatch("/{id}", UpdateAsync);
        spaces.MapPost("/{id}/start", (string id, ClaimsPrincipal user, IGrainFactory grains) => Answer(grains.SpaceGrain(id).StartAsync(user.UserId())));
        spaces.MapPost("/{id}/end", (string id, ClaimsPrincipal user, IGrainFactory grains) => Answer(grains.SpaceGrain(id).EndAsync(user.UserId())));
        spaces.MapPost("/{id}/cancel", (string id, ClaimsPrincipal user, IGrainFactory grains) => Answer(grains.SpaceGrain(id).CancelAsync(user.UserId())));

        spaces.MapPut("/{id}/reminder", (string id, ClaimsPrincipal user, IGrainFactory grains) => Answer(grains.SpaceGrain(id).SetReminderAsync(user.UserId(), subscribed: true)));
        spaces.MapDelete("/{id}/reminder", (string id, ClaimsPrincipal user, IGrainFactory grains) => Answer(grains.SpaceGrain(id).SetReminderAsync(user.UserId(), subscribed: false)));

        spaces.MapPost("/{id}/join", JoinAsync);
        spaces.MapPost("/{id}/leave", (string id, ClaimsPrincipal user, IGrainFactory grains) => Done(grains.SpaceGrain(id).LeaveAsync(user.UserId())));
        spaces.MapGet("/{id}/participants", GetParticipantsAsync);

        spaces.MapPut("/{id}/hand", (string id, ClaimsPrincipal user, IGrainFactory grains) => Done(grains.SpaceGrain(id).RaiseHandAsync(user.UserId())));
        spaces.MapDelete("/{id}/hand", (string id, ClaimsPrincipal user, IGrainFactory grains) => Done(grains.SpaceGrain(id).LowerHandAsync(user.UserId(), user.UserId())));
        spaces.MapDelete("/{id}/hands/{userId}", (string id, string userId, ClaimsPrincipal user, IGrainFactory grains) =>
            Done(grains.SpaceGrain(id).LowerHandAsync(user.UserId(), RouteIds.User(userId))));

        spaces.MapPost("/{id}/speakers/{userId}", AddSpeakerAsync);
        spaces.MapDelete("/{id}/speakers/{userId}", (string id, string userId, ClaimsPrincipal user, IGrainFactory grains) =>
            Done(grains.SpaceGrain(id).MoveToAudienceAsync(user.UserId(), RouteIds.User(userId))));
        spaces.MapPost("/{id}/invitations/accept", (string id, ClaimsPrincipal user, IGrainFactory grains) => Done(grains.SpaceGrain(id).AcceptInvitationAsync(user.UserId())));
        spaces.MapPost("/{id}/invitations/decline", (string id, ClaimsPrincipal user, IGrainFactory grains) => Done(grains.SpaceGrain(id).DeclineInvitationAsync(user.UserId())));

        spaces.MapPut("/{id}/cohosts/{userId}", (string id, string userId, ClaimsPrincipal user, IGrainFactory grains) =>
            Done(grains.SpaceGrain(id).AddCohostAsync(user.UserId(), RouteIds.User(userId))));
        spaces.MapDelete("/{id}/cohosts/{userId}", (string id, string userId, ClaimsPrincipal user, IGrainFactory grains) =>
            Done(grains.SpaceGrain(id).RemoveCohostAsync(user.UserId(), RouteIds.User(userId))));

        spaces.MapPost("/{id}/mute/{userId}", (string id, string userId, ClaimsPrincipal user, IGrainFactory grains) =>
            Done(grains.SpaceGrain(id).MuteAsync(user.UserId(), RouteIds.User(userId))));
        spaces.MapDelete("/{id}/mute/{userId}", (string id, string userId, ClaimsPrincipal user, IGrainFactory grains) =>
            Done(grains.SpaceGrain(id).UnmuteAsync(user.UserId(), RouteIds.User(userId))));
        spaces.MapPost("/{id}/remove/{userId}", (string id, string userId, ClaimsPrincipal user, IGrainFactory grains) =>
            Done(grains.SpaceGrain(id).RemoveParticipantAsync(user.UserId(), RouteIds.User(userId))));

        spaces.MapPost("/{id}/reactions", ReactAsync);
        spaces.MapPut("/{id}/reactions/blocked/{userId}", (string id, string userId, ClaimsPrincipal user, IGrainFactory grains) =>
            Done(grains.SpaceGrain(id).SetReactionsBlockedAsync(user.UserId(), RouteIds.User(userId), blocked: true)));
        spaces.MapDelete("/{id}/reactions/blocked/{userId}", (string id, string userId, ClaimsPrincipal user, IGrainFactory grains) =>
            Done(grains.SpaceGrain(id).SetReactionsBlockedAsync(user.UserId(), RouteIds.User(userId), blocked: false)));
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

    private static Task<Ok<SpaceView>> GetAsync(string id, IGrainFactory grains) => Answer(grains.SpaceGrain(id).GetAsync());

    private static Task<Ok<SpaceView>> UpdateAsync(string id, SpaceUpdate update, ClaimsPrincipal user, IGrainFactory grains) =>
        Answer(grains.SpaceGrain(id).UpdateAsync(user.UserId(), update));

    private static Task<Ok<JoinResult>> JoinAsync(string id, ClaimsPrincipal user, IGrainFactory grains) =>
        Answer(grains.SpaceGrain(id).JoinAsync(user.UserId()));

    private static async Task<Ok<ParticipantsView>> GetParticipantsAsync(string id, long? cursor, int? limit, ClaimsPrincipal user, IGrainFactory grains)
    {
        var space = grains.SpaceGrain(id);
        await space.EnsureMayWatchAsync(user.UserId());
        return TypedResults.Ok(await space.GetParticipantsAsync(cursor, limit));
    }

    private static async Task<Ok<SpeakerActionResponse>> AddSpeakerAsync(string id, string userId, ClaimsPrincipal user, IGrainFactory grains) =>
        TypedResults.Ok(new SpeakerActionResponse(await grains.SpaceGrain(id).AddSpeakerAsync(user.UserId(), RouteIds.User(userId))));

    private static async Task<Accepted> ReactAsync(string id, ReactionRequest request, ClaimsPrincipal user, IGrainFactory grains)
    {
        var emoji = request.Emoji ?? throw SpacesException.Invalid("emoji", ErrorCodes.InvalidEmoji, "emoji is required.");
        await grains.SpaceGrain(id).ReactAsync(user.UserId(), emoji);
        return TypedResults.Accepted((string?)null);
    }

    private static async Task<Ok<T>> Answer<T>(Task<T> call) => TypedResults.Ok(await call);

    private static async Task<NoContent> Done(Task call)
    {
        await call;
        return TypedResults.NoContent();
    }
}

/// <summary>What <c>POST /speakers/{userId}</c> did: accepted a raised hand, or sent an invitation.</summary>
public sealed record SpeakerActionResponse(SpeakerAction Result);

public sealed record ReactionRequest(string? Emoji);
