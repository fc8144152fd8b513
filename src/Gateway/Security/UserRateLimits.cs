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
/// The one table of per-user limits, keyed by route pattern and method, and the one set of buckets that applies it:
/// the HTTP pipeline's global limiter (endpoints stay unaware) and the WebSocket handshake, which runs outside that
/// pipeline, take their tokens here; a refusal is a 429 problem with <c>Retry-After</c>.
/// </summary>
internal sealed class UserRateLimits : IDisposable
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

    private readonly IOptions<RateLimitOptions> _options;
    private readonly PartitionedRateLimiter<UserBucket> _buckets;

    public UserRateLimits(IOptions<RateLimitOptions> options)
    {
        _options = options;
        // One bucket per user and limit (raise and lower share the hand's); a request no limit names shares no bucket.
        _buckets = PartitionedRateLimiter.Create<UserBucket, UserBucket>(bucket => bucket.Limit is null
            ? RateLimitPartition.GetNoLimiter(bucket)
            : RateLimitPartition.GetTokenBucketLimiter(bucket, _ => TokenBucket(Named(options.Value, bucket.Limit))));
    }

    public static void AddUserRateLimits(IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<RateLimitOptions>().Bind(configuration.GetSection(RateLimitOptions.Section)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<RateLimitOptions>, RateLimitOptionsValidator>();
        services.AddSingleton<UserRateLimits>();
        services.AddRateLimiter(_ => { });
        services.AddOptions<RateLimiterOptions>().Configure<UserRateLimits>((limiter, limits) =>
        {
            limiter.GlobalLimiter = limits._buckets.WithTranslatedKey<HttpContext>(
                context => BucketOf(context, context.User.FindFirstValue(TokenAuthentication.UserIdClaim)), leaveOpen: true);
            limiter.OnRejected = (rejected, _) => limits.RefuseAsync(rejected.HttpContext, rejected.Lease, rejected.HttpContext.User.FindFirstValue(TokenAuthentication.UserIdClaim));
        });
    }

    /// <summary>Whether a route carries a per-user limit (so its documentation lists the 429).</summary>
    public static bool IsLimited(string method, string pattern) => Routes.ContainsKey((method, Normalize(pattern)));

    /// <summary>
    /// Takes one token of <paramref name="userId"/>'s bucket for the request's route (for a request the HTTP pipeline's
    /// limiter does not see); a refusal is answered here and gives false.
    /// </summary>
    public async ValueTask<bool> TryAdmitAsync(HttpContext context, string userId)
    {
        using var lease = _buckets.AttemptAcquire(BucketOf(context, userId));
        if (!lease.IsAcquired)
        {
            await RefuseAsync(context, lease, userId);
        }

        return lease.IsAcquired;
    }

    public void Dispose() => _buckets.Dispose();

    /// <summary>The bucket of this request's route and caller; anonymous callers and unlimited routes get none.</summary>
    private static UserBucket BucketOf(HttpContext context, string? userId) =>
        userId is not null
        && context.GetEndpoint() is RouteEndpoint { RoutePattern.RawText: { } pattern }
        && Routes.TryGetValue((context.Request.Method, Normalize(pattern)), out var name)
            ? new UserBucket(name, userId)
            : default;

    private static UserRateLimit Named(RateLimitOptions options, string name) => name switch
    {
        nameof(RateLimitOptions.Hand) => options.Hand,
        nameof(RateLimitOptions.CreateSpace) => options.CreateSpace,
        nameof(RateLimitOptions.JoinLeave) => options.JoinLeave,
        _ => options.Connect,
    };

    private static TokenBucketRateLimiterOptions TokenBucket(UserRateLimit limit) => new()
    {
        TokenLimit = limit.Burst,
        TokensPerPeriod = 1,
        ReplenishmentPeriod = limit.Refill,
        QueueLimit = 0,
        AutoReplenishment = true,
    };

    private async ValueTask RefuseAsync(HttpContext context, RateLimitLease lease, string? userId)
    {
        var retryAfter = lease.TryGetMetadata(MetadataName.RetryAfter, out var after)
            ? after
            : BucketOf(context, userId).Limit is { } name ? Named(_options.Value, name).Refill : (TimeSpan?)null;
        await ProblemResponses.WriteAsync(context, new SpacesException(
            ErrorKind.RateLimited, ErrorCodes.RateLimited, "Too many requests of this kind; retry after the time in Retry-After.", retryAfter: retryAfter ?? TimeSpan.FromSeconds(1)));
    }

    private static string Normalize(string pattern) => pattern.Length > 1 ? pattern.TrimEnd('/') : pattern;

    /// <summary>A partition: one limit of one user; <c>default</c> stands for "no limit".</summary>
    private readonly record struct UserBucket(string? Limit, string? UserId);
}
