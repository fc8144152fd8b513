using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Options;
using Orleans.Configuration;
using Orleans.Serialization;
using Orleans.Storage;
using Spaces.Grains;
using Spaces.Grains.Hosting;
using Spaces.MongoDB.Hosting;
using Spaces.Streams;

namespace Spaces.Silo;

/// <summary>Composes a silo of a Spaces cluster from configuration: membership, grain storage, reminders (memory, PostgreSQL or MongoDB), analytics streams, grains.</summary>
public static class SiloHosting
{
    /// <summary>
    /// Adds the silo the "Silo" section describes (see <see cref="SiloOptions"/>); bad settings fail here, naming them.
    /// <paramref name="configureSilo"/> runs last (tests tune Orleans' own options there).
    /// </summary>
    public static SiloOptions AddSpacesCluster(this IHostApplicationBuilder builder, Action<ISiloBuilder>? configureSilo = null)
    {
        var options = SiloOptions.Read(builder.Configuration);
        var connectionString = options.ConnectionString!;
        if (options.ApplySchema)
        {
            // Hosted services start in registration order: the schema exists before the silo reads its queries.
            builder.Services.AddHostedService(sp =>
                new PostgreSqlSchemaInstaller(connectionString, sp.GetRequiredService<ILogger<PostgreSqlSchemaInstaller>>()));
        }

        builder.UseOrleans(silo =>
        {
            if (options.EffectiveClustering == SpacesClustering.Localhost)
            {
                silo.UseLocalhostClustering(options.SiloPort, options.GatewayPort, primarySiloEndpoint: null, serviceId: options.ServiceId, clusterId: options.ClusterId);
            }
            else
            {
                silo.Configure<ClusterOptions>(cluster =>
                {
                    cluster.ClusterId = options.ClusterId;
                    cluster.ServiceId = options.ServiceId;
                });
                if (options.AdvertisedAddress is { Length: > 0 } advertised)
                {
                    silo.ConfigureEndpoints(IPAddress.Parse(advertised), options.SiloPort, options.GatewayPort, listenOnAnyHostAddress: true);
                }
                else
                {
                    silo.ConfigureEndpoints(options.SiloPort, options.GatewayPort, AddressFamily.InterNetwork, listenOnAnyHostAddress: true);
                }

                if (options.EffectiveClustering == SpacesClustering.MongoDB)
                {
                    silo.UseMongoDBClustering(mongo => mongo.ConnectionString = options.MongoConnectionString);
                }
                else
                {
                    silo.UseAdoNetClustering(adoNet =>
                    {
                        adoNet.Invariant = PostgreSqlSchema.Invariant;
                        adoNet.ConnectionString = connectionString;
                    });
                }
            }

            switch (options.Storage)
            {
                case SpacesStorage.PostgreSql:
                    silo.AddAdoNetGrainStorage(StorageNames.Spaces, storage =>
                    {
                        storage.Invariant = PostgreSqlSchema.Invariant;
                        storage.ConnectionString = connectionString;
                    });
                    break;
                case SpacesStorage.MongoDB:
                    silo.AddMongoDBGrainStorage(StorageNames.Spaces, mongo => mongo.ConnectionString = options.MongoConnectionString);
                    break;
                default:
                    silo.AddMemoryGrainStorage(StorageNames.Spaces);
                    break;
            }

            switch (options.EffectiveReminders)
            {
                case SpacesReminders.AdoNet:
                    silo.UseAdoNetReminderService(adoNet =>
                    {
                        adoNet.Invariant = PostgreSqlSchema.Invariant;
                        adoNet.ConnectionString = connectionString;
                    });
                    break;
                case SpacesReminders.MongoDB:
                    silo.UseMongoDBReminders(mongo => mongo.ConnectionString = options.MongoConnectionString);
                    break;
                default:
                    silo.UseInMemoryReminderService();
                    break;
            }

            // Failure detection (probe and table-refresh timeouts, votes…) is tunable from "Silo:Membership".
            silo.Services.AddOptions<ClusterMembershipOptions>().Bind(builder.Configuration.GetSection(SiloOptions.MembershipSection));
            silo.AddSpacesStreams(builder.Configuration.GetSection(SiloOptions.StreamsSection));
            silo.AddSpacesGrains(builder.Configuration);
            configureSilo?.Invoke(silo);
        });
        return options;
    }
}
