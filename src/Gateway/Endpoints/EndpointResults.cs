using Microsoft.AspNetCore.Http.HttpResults;
using Spaces.Contracts;

namespace Spaces.Gateway.Endpoints;

/// <summary>
/// The one shape every route handler has: a named static method that makes one grain call and returns a typed
/// result (200 with the answer, or 204 when there is none). Failures are thrown and become problems in one place.
/// </summary>
internal static class EndpointResults
{
    public static async Task<Ok<T>> OkAsync<T>(Task<T> call) => TypedResults.Ok(await call);

    public static async Task<NoContent> NoContentAsync(Task call)
    {
        await call;
        return TypedResults.NoContent();
    }
}

/// <summary>Problem codes many routes share, for <see cref="Problems.ProblemDocumentation.ProducesProblems{TBuilder}"/>.</summary>
internal static class SharedProblems
{
    /// <summary>Any route that needs a bearer token.</summary>
    public static readonly string[] SignedIn = [ErrorCodes.Unauthenticated];

    /// <summary>A route that reads a JSON body.</summary>
    public static readonly string[] JsonBody = [ErrorCodes.InvalidJson, ErrorCodes.InvalidField];

    /// <summary>A Space named in the path: malformed id, or no such Space.</summary>
    public static readonly string[] SpaceById = [ErrorCodes.InvalidId, ErrorCodes.SpaceNotFound];

    /// <summary>An act that needs the Space to be live.</summary>
    public static readonly string[] LiveSpace = [.. SpaceById, ErrorCodes.SpaceNotLive, ErrorCodes.SpaceEnded];

    /// <summary>A host or co-host acting on another participant of a live Space.</summary>
    public static readonly string[] Moderation = [.. LiveSpace, ErrorCodes.ModeratorOnly, ErrorCodes.CannotActOnHost];

    /// <summary>The host moving a Space through its lifecycle.</summary>
    public static readonly string[] HostLifecycle = [.. SpaceById, ErrorCodes.HostOnly, ErrorCodes.WrongState, ErrorCodes.SpaceEnded];
}
