using System.Security.Claims;
using System.Text;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Tokens;
using Spaces.Contracts;
using Spaces.Gateway.Problems;

namespace Spaces.Gateway.Auth;

internal static class TokenAuthentication
{
    public const string AdminRole = "admin";
    public const string AdminPolicy = "admin";
    public const string RoleClaim = "role";
    public const string UserIdClaim = "sub";
    public const string NameClaim = "name";

    public static void AddSpacesAuthentication(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<AuthOptions>().Bind(configuration.GetSection(AuthOptions.Section)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<AuthOptions>, AuthOptionsValidator>();
        services.AddSingleton<IValidateOptions<AuthOptions>, AuthSecretValidator>();
        services.AddSingleton<DevTokenIssuer>();
        services.AddAuthentication(JwtBearerDefaults.AuthenticationScheme).AddJwtBearer();
        services.AddOptions<JwtBearerOptions>(JwtBearerDefaults.AuthenticationScheme)
            .Configure<IOptions<AuthOptions>>((jwt, auth) => Configure(jwt, auth.Value));
        services.AddAuthorizationBuilder()
            .AddPolicy(AdminPolicy, policy => policy.RequireAuthenticatedUser().RequireRole(AdminRole));
    }

    public static SymmetricSecurityKey SigningKey(AuthOptions options) => new(Encoding.UTF8.GetBytes(options.SigningKey));

    /// <summary>The authenticated caller's user id.</summary>
    public static string UserId(this ClaimsPrincipal user) =>
        user.FindFirstValue(UserIdClaim) ?? throw new SpacesException(ErrorKind.Unauthenticated, ErrorCodes.Unauthenticated, "The token names no user.");

    /// <summary>When the caller's token expires (its <c>exp</c>); tokens without one never reach here, as validation requires it.</summary>
    public static DateTimeOffset ExpiresAt(ClaimsPrincipal user) =>
        long.TryParse(user.FindFirstValue("exp"), out var seconds) ? DateTimeOffset.FromUnixTimeSeconds(seconds) : DateTimeOffset.MaxValue;

    private const string InvalidSubject = "The token's sub is not a user id (1-64 letters, digits, '_', '-', '.').";

    private static void Configure(JwtBearerOptions jwt, AuthOptions auth)
    {
        jwt.MapInboundClaims = false;
        jwt.TokenValidationParameters = new TokenValidationParameters
        {
            ValidIssuer = auth.Issuer,
            ValidAudience = auth.Audience,
            IssuerSigningKey = SigningKey(auth),
            ValidAlgorithms = [SecurityAlgorithms.HmacSha256],
            NameClaimType = NameClaim,
            RoleClaimType = RoleClaim,
            ClockSkew = TimeSpan.FromSeconds(30),
        };
        jwt.Events = new JwtBearerEvents
        {
            // Browsers cannot set headers on a WebSocket handshake: the socket may carry its token in the query.
            OnMessageReceived = context =>
            {
                if (context.Request.Path.StartsWithSegments("/v1/ws") && context.Request.Query["access_token"] is [{ } token])
                {
                    context.Token = token;
                }

                return Task.CompletedTask;
            },
            // A user id addresses grains and shows in every event: the same rule as for dev tokens, or no access.
            OnTokenValidated = context =>
            {
                if (!Ids.IsUserId(context.Principal?.FindFirstValue(UserIdClaim)))
                {
                    context.Fail(InvalidSubject);
                }

                return Task.CompletedTask;
            },
            OnChallenge = async context =>
            {
                context.HandleResponse();
                var detail = context.AuthenticateFailure switch
                {
                    null => "A bearer token is required.",
                    { Message: InvalidSubject } => InvalidSubject,
                    _ => "The bearer token is invalid or expired.",
                };
                await ProblemResponses.WriteAsync(context.HttpContext, ErrorKind.Unauthenticated, ErrorCodes.Unauthenticated, detail);
            },
            OnForbidden = context =>
                ProblemResponses.WriteAsync(context.HttpContext, ErrorKind.Forbidden, ErrorCodes.AdminOnly, "This route needs the admin role."),
        };
    }
}
