using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Spaces.Contracts;

namespace Spaces.Grains.Hosting;

public static class SpacesSiloBuilderExtensions
{
    /// <summary>
    /// The grains' services: validated options, time, metrics, and the default media port. Storage, clustering
    /// and reminders are the host's choice (embedded: memory; cluster: a database).
    /// </summary>
    public static ISiloBuilder AddSpacesGrains(this ISiloBuilder silo, IConfiguration configuration)
    {
        var services = silo.Services;
        services.AddOptions<SpacesOptions>().Bind(configuration.GetSection(SpacesOptions.Section)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<SpacesOptions>, SpacesOptionsValidator>();
        services.AddSingleton<IValidateOptions<SpacesOptions>, SpacesOptionsConsistency>();
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<IMediaPort, DetachedMediaPort>();
        services.TryAddSingleton<SpacesMetrics>();
        silo.AddActivityPropagation();
        return silo;
    }
}
