using Microsoft.Extensions.Hosting;
using MongoDB.Bson;
using MongoDB.Driver;
using Spaces.MongoDB.Hosting;
using Spaces.Silo;

namespace Spaces.Cluster.Tests.Infrastructure;

/// <summary>Where a process cluster keeps membership, grain state and reminders: the settings its processes get, and a look behind them.</summary>
public abstract class ClusterDatabase : IAsyncDisposable
{
    /// <summary>The silo settings (section "Silo" and connection strings) that put every provider in this database.</summary>
    public abstract IReadOnlyDictionary<string, string> SiloSettings { get; }

    /// <summary>The gateway settings that find the silos in this database.</summary>
    public abstract IReadOnlyDictionary<string, string> GatewaySettings { get; }

    /// <summary>An Orleans client (the tests' own) finds the silos here.</summary>
    public abstract void UseClustering(IClientBuilder client);

    /// <summary>How many reminders of the Space are stored.</summary>
    public abstract Task<long> CountRemindersAsync(string spaceId);

    public abstract ValueTask DisposeAsync();
}

public sealed class PostgreSqlClusterDatabase(TestDatabase database) : ClusterDatabase
{
    public static async Task<ClusterDatabase> CreateAsync() => new PostgreSqlClusterDatabase(await TestDatabase.CreateAsync());

    public override IReadOnlyDictionary<string, string> SiloSettings => new Dictionary<string, string>
    {
        ["Silo__Storage"] = nameof(SpacesStorage.PostgreSql),
        ["ConnectionStrings__Orleans"] = database.ConnectionString,
    };

    public override IReadOnlyDictionary<string, string> GatewaySettings => new Dictionary<string, string>
    {
        ["Gateway__Clustering"] = "AdoNet",
        ["ConnectionStrings__Orleans"] = database.ConnectionString,
    };

    public override void UseClustering(IClientBuilder client) => client.UseAdoNetClustering(adoNet =>
    {
        adoNet.Invariant = PostgreSqlSchema.Invariant;
        adoNet.ConnectionString = database.ConnectionString;
    });

    public override Task<long> CountRemindersAsync(string spaceId) =>
        database.ScalarAsync<long>("SELECT count(*) FROM OrleansReminders WHERE GrainId LIKE '%' || @id", ("id", spaceId));

    public override ValueTask DisposeAsync() => database.DisposeAsync();
}

public sealed class MongoClusterDatabase : ClusterDatabase
{
    private readonly string _uri;

    private MongoClusterDatabase(string serverUri)
    {
        var name = MongoTestServer.NewDatabaseName();
        Database = new MongoClient(serverUri).GetDatabase(name);
        _uri = new MongoUrlBuilder(serverUri) { DatabaseName = name }.ToString();
    }

    public IMongoDatabase Database { get; }

    public static ClusterDatabase Create() =>
        new MongoClusterDatabase(MongoTestServer.Uri ?? throw new InvalidOperationException(MongoTestServer.SkipReason));

    public override IReadOnlyDictionary<string, string> SiloSettings => new Dictionary<string, string>
    {
        ["Silo__Storage"] = nameof(SpacesStorage.MongoDB),
        ["ConnectionStrings__Mongo"] = _uri,
    };

    public override IReadOnlyDictionary<string, string> GatewaySettings => new Dictionary<string, string>
    {
        ["Gateway__Clustering"] = "MongoDB",
        ["ConnectionStrings__Mongo"] = _uri,
    };

    public override void UseClustering(IClientBuilder client) => client.UseMongoDBClustering(mongo => mongo.ConnectionString = _uri);

    public override Task<long> CountRemindersAsync(string spaceId) =>
        Database.GetCollection<BsonDocument>("OrleansReminders").CountDocumentsAsync(
            Builders<BsonDocument>.Filter.Regex("GrainId", new BsonRegularExpression($"{spaceId}$")));

    public override async ValueTask DisposeAsync() => await Database.Client.DropDatabaseAsync(Database.DatabaseNamespace.DatabaseName);
}
