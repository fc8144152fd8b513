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

    /// <summary>The 401 details: the same sentences whether the API's JwtBearer or the socket's handshake refuses.</summary>
    public const string TokenMissing = "A bearer token is required.";
    public const string TokenInvalid = "The bearer token is invalid or expired.";
    public const string InvalidSubject = "The token's sub is not a user id (1-64 letters, digits, '_', '-', '.').";

    public static void AddSpacesAuthentication(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<AuthOptions>().Bind(configuration.GetSection(AuthOptions.Section)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<AuthOptions>, AuthOptionsValidator>();
        services.AddSingleton<IValidateOptions<AuthOptions>, AuthSecretValidator>();
        services.AddSingleton<DevTokenIssuer>();
        services.AddSingleton<SocketTokenValidator>();
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

    /// <summary>A user id addresses grains and shows in every event: a token's sub follows the same rule as dev tokens, or no access.</summary>
    public static bool IsValidSubject(string? sub) => Ids.IsUserId(sub);

    /// <summary>The 401 problem every refused token gets (no <c>WWW-Authenticate</c>: the problem's code says what to do).</summary>
    public static Task WriteUnauthenticatedAsync(HttpContext context, string detail) =>
        ProblemResponses.WriteAsync(context, ErrorKind.Unauthenticated, ErrorCodes.Unauthenticated, detail);

    private static void Configure(JwtBearerOptions jwt, AuthOptions auth)
    {
        jwt.MapInboundClaims = false;
        // The WebSocket handshake validates with these same parameters (SocketTokenValidator): one definition.
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
            OnTokenValidated = context =>
            {
                if (!IsValidSubject(context.Principal?.FindFirstValue(UserIdClaim)))
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
                    null => TokenMissing,
                    { Message: InvalidSubject } => InvalidSubject,
                    _ => TokenInvalid,
                };
                await WriteUnauthenticatedAsync(context.HttpContext, detail);
            },
            OnForbidden = context =>
                ProblemResponses.WriteAsync(context.HttpContext, ErrorKind.Forbidden, ErrorCodes.AdminOnly, "This route needs the admin role."),
        };
    }
}
