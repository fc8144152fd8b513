using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Orleans;
using Orleans.Hosting;
using Orleans.Messaging;
using Orleans.Runtime.Hosting;
using Orleans.Storage;
using Spaces.MongoDB.Membership;
using Spaces.MongoDB.Reminders;
using Spaces.MongoDB.Storage;

namespace Spaces.MongoDB.Hosting;

/// <summary>
/// Registers the MongoDB providers on silo and client builders. Each validates its options when the host starts
/// (connection string or a registered IMongoClient, database, collection prefix) and fails naming the setting.
/// </summary>
public static class MongoDBHostingExtensions
{
    /// <summary>Silo membership in the "{prefix}Membership" collection.</summary>
    public static ISiloBuilder UseMongoDBClustering(this ISiloBuilder silo, Action<MongoDBClusteringOptions> configure)
    {
        AddValidatedOptions(silo.Services, Options.DefaultName, configure);
        silo.Services.AddSingleton<IMembershipTable, MongoMembershipTable>();
        return silo;
    }

    /// <summary>A client finds the cluster's gateways in the "{prefix}Membership" collection.</summary>
    public static IClientBuilder UseMongoDBClustering(this IClientBuilder client, Action<MongoDBClusteringOptions> configure)
    {
        AddValidatedOptions(client.Services, Options.DefaultName, configure);
        client.Services.AddSingleton<IGatewayListProvider, MongoGatewayListProvider>();
        return client;
    }

    /// <summary>
    /// Grain storage <paramref name="name"/> in the "{prefix}GrainState" collection, serialized with the container's
    /// <see cref="IGrainStorageSerializer"/> (keyed by <paramref name="name"/> first).
    /// </summary>
    public static ISiloBuilder AddMongoDBGrainStorage(this ISiloBuilder silo, string name, Action<MongoDBGrainStorageOptions> configure)
    {
        AddValidatedOptions(silo.Services, name, configure);
        silo.Services.AddGrainStorage(name, static (services, name) => ActivatorUtilities.CreateInstance<MongoGrainStorage>(services, name,
            services.GetRequiredService<IOptionsMonitor<MongoDBGrainStorageOptions>>().Get(name),
            services.GetKeyedService<IGrainStorageSerializer>(name) ?? services.GetRequiredService<IGrainStorageSerializer>(),
            services.GetService<TimeProvider>() ?? TimeProvider.System));
        return silo;
    }

    /// <summary>Durable reminders in the "{prefix}Reminders" collection.</summary>
    public static ISiloBuilder UseMongoDBReminders(this ISiloBuilder silo, Action<MongoDBReminderTableOptions> configure)
    {
        silo.AddReminders();
        AddValidatedOptions(silo.Services, Options.DefaultName, configure);
        silo.Services.AddSingleton<IReminderTable, MongoReminderTable>();
        return silo;
    }

    private static void AddValidatedOptions<TOptions>(IServiceCollection services, string name, Action<TOptions> configure)
        where TOptions : MongoDBOptions
    {
        services.AddOptions<TOptions>(name).Configure(configure).ValidateOnStart();
        services.AddSingleton<IValidateOptions<TOptions>, MongoDBOptionsValidator<TOptions>>();
    }
}
