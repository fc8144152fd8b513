using Microsoft.AspNetCore.Http.HttpResults;
using Spaces.Contracts;
using Spaces.Gateway.Auth;
using Spaces.Gateway.Problems;

namespace Spaces.Gateway.Endpoints;

/// <summary>Development-only sign-in: mapped only when dev tokens are on and the host is not in production.</summary>
internal static class DevEndpoints
{
    private static readonly string[] KnownRoles = [TokenAuthentication.AdminRole];

    public static void MapDevEndpoints(this IEndpointRouteBuilder app) =>
        app.MapGroup("/v1/dev").WithTags("Development").AllowAnonymous()
            .MapPost("/token", IssueAsync).ProducesProblems([.. SharedProblems.JsonBody, ErrorCodes.InvalidId]);

    private static async Task<Ok<DevTokenResponse>> IssueAsync(DevTokenRequest request, DevTokenIssuer issuer, IGrainFactory grains)
    {
        var userId = RouteIds.User(request.UserId ?? "", "user_id");
        var roles = request.Roles ?? [];
        if (roles.FirstOrDefault(r => !KnownRoles.Contains(r)) is { } unknown)
        {
            throw SpacesException.Invalid("roles", ErrorCodes.InvalidField, $"\"{unknown}\" is not a role; known roles: {string.Join(", ", KnownRoles)}.");
        }

        var profile = await grains.GetGrain<IUserGrain>(userId).RegisterAsync(request.DisplayName ?? userId);
        return TypedResults.Ok(new DevTokenResponse(issuer.Issue(userId, profile.DisplayName, roles)));
    }
}

public sealed record DevTokenRequest(string? UserId, string? DisplayName, IReadOnlyList<string>? Roles);

public sealed record DevTokenResponse(string Token);
