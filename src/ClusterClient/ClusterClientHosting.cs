using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;
using Orleans.Configuration;
using Spaces.MongoDB;
using Spaces.MongoDB.Hosting;

namespace Spaces.ClusterClient;

/// <summary>Points an Orleans client at the Spaces cluster its <see cref="ClusterClientOptions"/> name.</summary>
public static class ClusterClientHosting
{
    public static IClientBuilder UseSpacesClustering(this IClientBuilder client, ClusterClientOptions options, IConfiguration configuration)
    {
        switch (options.Clustering)
        {
            case GatewayClustering.AdoNet:
                var adoNetConnectionString = AdoNetConnectionString(configuration);
                client.UseAdoNetClustering(adoNet =>
                {
                    adoNet.Invariant = "Npgsql"; // Orleans' name for the PostgreSQL ADO.NET provider
                    adoNet.ConnectionString = adoNetConnectionString;
                });
                break;
            case GatewayClustering.MongoDB:
                var mongoConnectionString = MongoConnectionString(configuration);
                client.UseMongoDBClustering(mongo => mongo.ConnectionString = mongoConnectionString);
                break;
            default:
                return client.UseLocalhostClustering(options.SiloGatewayPort, serviceId: options.ServiceId, clusterId: options.ClusterId);
        }

        return client.Configure<ClusterOptions>(cluster =>
        {
            cluster.ClusterId = options.ClusterId;
            cluster.ServiceId = options.ServiceId;
        });
    }

    /// <summary>The membership database's connection string for AdoNet clustering; fails at start, naming the setting, when it is missing.</summary>
    private static string AdoNetConnectionString(IConfiguration configuration)
    {
        var connectionString = configuration.GetConnectionString(ClusterClientOptions.ConnectionStringName);
        if (string.IsNullOrWhiteSpace(connectionString))
        {
            throw new OptionsValidationException(ClusterClientOptions.Section, typeof(ClusterClientOptions),
                [$"ConnectionStrings:{ClusterClientOptions.ConnectionStringName} is required: Gateway:Mode is Client and Gateway:Clustering is AdoNet."]);
        }

        return connectionString;
    }

    /// <summary>The MongoDB URI for MongoDB clustering; fails at start, naming the setting, when it is missing or not a URI with a database.</summary>
    private static string MongoConnectionString(IConfiguration configuration)
    {
        var connectionString = configuration.GetConnectionString(ClusterClientOptions.MongoConnectionStringName);
        var problem = string.IsNullOrWhiteSpace(connectionString)
            ? "is required: Gateway:Mode is Client and Gateway:Clustering is MongoDB."
            : MongoConnectionStrings.Problem(connectionString);
        if (problem is not null)
        {
            throw new OptionsValidationException(ClusterClientOptions.Section, typeof(ClusterClientOptions),
                [$"ConnectionStrings:{ClusterClientOptions.MongoConnectionStringName} {problem}"]);
        }

        return connectionString!;
    }
}
