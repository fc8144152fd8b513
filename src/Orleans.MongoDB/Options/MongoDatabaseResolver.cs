using System.Collections.Concurrent;
using Microsoft.Extensions.DependencyInjection;
using MongoDB.Driver;

namespace Spaces.MongoDB;

/// <summary>
/// The database a provider's options point at. Clients built from a connection string are shared per string: a
/// <see cref="MongoClient"/> owns connection pools and server monitors, and the driver expects one per server.
/// </summary>
internal static class MongoDatabaseResolver
{
    private static readonly ConcurrentDictionary<string, IMongoClient> ClientsByConnectionString = new(StringComparer.Ordinal);

    public static IMongoDatabase Resolve(IServiceProvider services, MongoDBOptions options)
    {
        var client = options.ConnectionString is { Length: > 0 } connectionString
            ? ClientsByConnectionString.GetOrAdd(connectionString, static cs => new MongoClient(cs))
            : services.GetService<IMongoClient>()
              ?? throw new InvalidOperationException("No MongoDB client: set the provider's ConnectionString or register an IMongoClient.");
        var database = options.Database is { Length: > 0 } || options.ConnectionString is { Length: > 0 }
            ? options.DatabaseName
            : throw new InvalidOperationException("The MongoDB provider's Database is not set.");
        return client.GetDatabase(database);
    }
}
