using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Spaces.LiveKit;
using Spaces.LiveKit.Egress;
using Spaces.LiveKit.RoomService;
using Spaces.LiveKit.Tokens;
using Spaces.LiveKit.Webhooks;

namespace Microsoft.Extensions.DependencyInjection;

public static class LiveKitServiceCollectionExtensions
{
    /// <summary>
    /// Binds <see cref="LiveKitOptions"/> from <paramref name="section"/> (validated at start-up) and
    /// registers the token issuer and verifier, the webhook receiver, and the RoomService and Egress clients.
    /// </summary>
    public static IServiceCollection AddLiveKit(this IServiceCollection services, IConfiguration section)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(section);

        services.AddOptions<LiveKitOptions>().Bind(section).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<LiveKitOptions>, LiveKitOptionsValidator>());
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<AccessTokenIssuer>();
        services.TryAddSingleton<AccessTokenVerifier>();
        services.TryAddSingleton<WebhookReceiver>();
        services.AddHttpClient<RoomServiceClient>();
        services.AddHttpClient<EgressClient>();
        return services;
    }
}
