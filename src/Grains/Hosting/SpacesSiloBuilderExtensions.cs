using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Orleans.Storage;
using Spaces.Contracts;
using Spaces.Grains.Media;
using Spaces.Grains.Payments;
using Spaces.LiveKit;

namespace Spaces.Grains.Hosting;

public static class SpacesSiloBuilderExtensions
{
    /// <summary>
    /// The grains' services: validated options, time, metrics, LiveKit as the media port, and the payment port. Storage, clustering
    /// and reminders are the host's choice (embedded: memory; cluster: a database).
    /// </summary>
    public static ISiloBuilder AddSpacesGrains(this ISiloBuilder silo, IConfiguration configuration)
    {
        var services = silo.Services;
        services.AddOptions<SpacesOptions>().Bind(configuration.GetSection(SpacesOptions.Section)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<SpacesOptions>, SpacesOptionsValidator>();
        services.AddSingleton<IValidateOptions<SpacesOptions>, SpacesOptionsConsistency>();
        services.TryAddSingleton(TimeProvider.System);
        // Every state class is [GenerateSerializer]: store it with the Orleans serializer (version-tolerant by
        // [Id]), not the default Newtonsoft JSON, which cannot round-trip records with required or init members.
        services.AddSingleton<IGrainStorageSerializer, OrleansGrainStorageSerializer>();
        services.TryAddSingleton<SpacesMetrics>();
        services.AddLiveKit(configuration.GetSection(LiveKitOptions.SectionName)).AddLiveKitCredentialChecks();
        services.TryAddSingleton<LiveKitServices>();
        services.TryAddSingleton<RoomOperationQueue>();
        services.TryAddSingleton<IMediaBacklog>(sp => sp.GetRequiredService<RoomOperationQueue>());
        services.TryAddSingleton<IMediaPort, LiveKitMediaPort>();
        services.AddOptions<TicketOptions>().Bind(configuration.GetSection(TicketOptions.Section)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<TicketOptions>, TicketOptionsValidator>();
        services.AddSingleton<IValidateOptions<TicketOptions>, TicketOptionsConsistency>();
        services.AddPayments(configuration.GetSection(PaymentsOptions.Section));
        silo.AddActivityPropagation();
        return silo;
    }
}
