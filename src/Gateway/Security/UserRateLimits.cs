using System.ComponentModel.DataAnnotations;
using System.Security.Claims;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;
using Spaces.Contracts;
using Spaces.Gateway.Auth;
using Spaces.Gateway.Problems;

namespace Spaces.Gateway.Security;

/// <summary>One per-user token bucket: <see cref="Burst"/> at once, then one more every <see cref="Period"/> divided by <see cref="PerPeriod"/>.</summary>
public sealed class UserRateLimit
{
    [Range(1, 10_000)]
    public int Burst { get; set; }

    [Range(1, 10_000)]
    public int PerPeriod { get; set; }

    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00")]
    public TimeSpan Period { get; set; } = TimeSpan.FromMinutes(1);

    public TimeSpan Refill => Period / PerPeriod;
}

/// <summary>Per-user limits on the routes a client can hammer (configuration section "RateLimits"); defaults in docs/security.md.</summary>
public sealed class RateLimitOptions
{
    public const string Section = "RateLimits";

    /// <summary>Raising and lowering one's hand: a fair listener toggles a few times a minute.</summary>
    [Required, ValidateObjectMembers]
    public UserRateLimit Hand { get; set; } = new() { Burst = 10, PerPeriod = 30 };

    /// <summary>Creating Spaces: a host creates a handful a day.</summary>
    [Required, ValidateObjectMembers]
    public UserRateLimit CreateSpace { get; set; } = new() { Burst = 5, PerPeriod = 20, Period = TimeSpan.FromHours(1) };

    /// <summary>Joining and leaving Spaces: browsing hops between rooms, not hundreds a minute.</summary>
    [Required, ValidateObjectMembers]
    public UserRateLimit JoinLeave { get; set; } = new() { Burst = 20, PerPeriod = 60 };

    /// <summary>Opening (and reopening) WebSockets: reconnects after network changes, not a reconnect storm.</summary>
    [Required, ValidateObjectMembers]
    public UserRateLimit Connect { get; set; } = new() { Burst = 10, PerPeriod = 30 };
}

[OptionsValidator]
internal sealed partial class RateLimitOptionsValidator : IValidateOptions<RateLimitOptions>;

/// <summary>
/// The one table of per-user limits, keyed by route pattern and method: a global partitioned limiter applies it,
/// so endpoints stay unaware; a refusal is a 429 problem with <c>Retry-After</c>.
/// </summary>
internal static class UserRateLimits
{
    private static readonly Dictionary<(string Method, string Pattern), string> Routes = new()
    {
        [("PUT", "/v1/spaces/{id}/hand")] = nameof(RateLimitOptions.Hand),
        [("DELETE", "/v1/spaces/{id}/hand")] = nameof(RateLimitOptions.Hand),
        [("POST", "/v1/spaces")] = nameof(RateLimitOptions.CreateSpace),
        [("POST", "/v1/spaces/{id}/join")] = nameof(RateLimitOptions.JoinLeave),
        [("POST", "/v1/spaces/{id}/leave")] = nameof(RateLimitOptions.JoinLeave),
        [("GET", "/v1/ws")] = nameof(RateLimitOptions.Connect),
    };

    public static IServiceCollection AddUserRateLimits(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<RateLimitOptions>().Bind(configuration.GetSection(RateLimitOptions.Section)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<RateLimitOptions>, RateLimitOptionsValidator>();
        services.AddRateLimiter(_ => { });
        services.AddOptions<RateLimiterOptions>().Configure<IOptions<RateLimitOptions>>((limiter, limits) =>
        {
            limiter.GlobalLimiter = PartitionedRateLimiter.Create<HttpContext, string>(context => Partition(context, limits.Value));
            limiter.OnRejected = (rejected, _) => RejectAsync(rejected, limits.Value);
        });
        return services;
    }

    /// <summary>Whether a route carries a per-user limit (so its documentation lists the 429).</summary>
    public static bool IsLimited(string method, string pattern) => Routes.ContainsKey((method, Normalize(pattern)));

    /// <summary>The limit for this request's route, or null when the route has none (or the caller is anonymous).</summary>
    public static (string Name, UserRateLimit Limit)? LimitFor(HttpContext context, RateLimitOptions options) =>
        context.GetEndpoint() is RouteEndpoint { RoutePattern.RawText: { } pattern }
        && Routes.TryGetValue((context.Request.Method, Normalize(pattern)), out var name)
        && context.User.FindFirstValue(TokenAuthentication.UserIdClaim) is not null
            ? (name, Named(options, name))
            : null;

    private static UserRateLimit Named(RateLimitOptions options, string name) => name switch
    {
        nameof(RateLimitOptions.Hand) => options.Hand,
        nameof(RateLimitOptions.CreateSpace) => options.CreateSpace,
        nameof(RateLimitOptions.JoinLeave) => options.JoinLeave,
        _ => options.Connect,
    };

    private static RateLimitPartition<string> Partition(HttpContext context, RateLimitOptions options)
    {
        if (LimitFor(context, options) is not { } found)
        {
            return RateLimitPartition.GetNoLimiter("");
        }

        var (name, limit) = found;

        // One bucket per user and limit (raise and lower share the hand's).
        var key = $"{name}|{context.User.FindFirstValue(TokenAuthentication.UserIdClaim)}";
        return RateLimitPartition.GetTokenBucketLimiter(key, _ => new TokenBucketRateLimiterOptions
        {
            TokenLimit = limit.Burst,
            TokensPerPeriod = 1,
            ReplenishmentPeriod = limit.Refill,
            QueueLimit = 0,
            AutoReplenishment = true,
        });
    }

    private static async ValueTask RejectAsync(OnRejectedContext rejected, RateLimitOptions options)
    {
        var context = rejected.HttpContext;
        var retryAfter = rejected.Lease.TryGetMetadata(MetadataName.RetryAfter, out var after) ? after : LimitFor(context, options)?.Limit.Refill;
        await ProblemResponses.WriteAsync(context, new SpacesException(
            ErrorKind.RateLimited, ErrorCodes.RateLimited, "Too many requests of this kind; retry after the time in Retry-After.", retryAfter: retryAfter ?? TimeSpan.FromSeconds(1)));
    }

    private static string Normalize(string pattern) => pattern.Length > 1 ? pattern.TrimEnd('/') : pattern;
}
