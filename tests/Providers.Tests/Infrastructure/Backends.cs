using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using MongoDB.Driver;
using Orleans.Messaging;
using Orleans.Runtime.Membership;
using Orleans.Runtime.MembershipService;
using Spaces.Cluster.Tests.Infrastructure;
using Spaces.MongoDB;
using Spaces.MongoDB.Hosting;
using Spaces.MongoDB.Membership;
using Spaces.Silo;

namespace Spaces.Providers.Tests.Infrastructure;

/// <summary>Orleans' in-memory providers: the in-process membership table of its test cluster, memory storage, in-memory reminders.</summary>
public sealed class MemoryBackend : ProviderBackend
{
    public override ClusterTables NewCluster(string clusterId)
    {
        // Internal to Orleans.TestingHost (its in-process clusters run on it): created the only way there is.
        var type = typeof(Orleans.TestingHost.TestCluster).Assembly.GetType("Orleans.TestingHost.InProcess.InProcessMembershipTable", throwOnError: true)!;
        var table = Activator.CreateInstance(type, clusterId)!;
        return new ClusterTables((IMembershipTable)table, (IGatewayListProvider)table);
    }

    protected override void AddStorageAndReminders(ISiloBuilder silo)
    {
        silo.AddMemoryGrainStorage(StorageName);
        silo.UseInMemoryReminderService();
    }
}

/// <summary>Orleans' ADO.NET providers on a fresh database (with deploy/postgresql's schema) of the test script's PostgreSQL.</summary>
public sealed class PostgreSqlBackend : ProviderBackend
{
    private TestDatabase? _database;

    private string ConnectionString => _database?.ConnectionString ?? throw new InvalidOperationException("Not initialized.");

    public override async Task InitializeAsync() => _database = await TestDatabase.CreateAsync();

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        if (_database is not null)
        {
            await _database.DisposeAsync();
        }
    }

    public override ClusterTables NewCluster(string clusterId)
    {
        var services = new ServiceCollection().BuildServiceProvider();
        var table = new AdoNetClusteringTable(services, ClusterOf(clusterId),
            Options.Create(new AdoNetClusteringSiloOptions { Invariant = PostgreSqlSchema.Invariant, ConnectionString = ConnectionString }),
            NullLogger<AdoNetClusteringTable>.Instance);
        var gateways = new AdoNetGatewayListProvider(NullLogger<AdoNetGatewayListProvider>.Instance, services,
            Options.Create(new AdoNetClusteringClientOptions { Invariant = PostgreSqlSchema.Invariant, ConnectionString = ConnectionString }),
            Options.Create(new GatewayOptions()), ClusterOf(clusterId));
        return new ClusterTables(table, gateways);
    }

    protected override void AddStorageAndReminders(ISiloBuilder silo)
    {
        silo.AddAdoNetGrainStorage(StorageName, storage =>
        {
            storage.Invariant = PostgreSqlSchema.Invariant;
            storage.ConnectionString = ConnectionString;
        });
        silo.UseAdoNetReminderService(reminders =>
        {
            reminders.Invariant = PostgreSqlSchema.Invariant;
            reminders.ConnectionString = ConnectionString;
        });
    }
}

/// <summary>Our providers (src/Orleans.MongoDB) on a database of their own on <see cref="MongoTestServer"/>.</summary>
public sealed class MongoBackend : ProviderBackend
{
    public string Database { get; } = MongoTestServer.NewDatabaseName();

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        if (MongoTestServer.Uri is { } uri)
        {
            await new MongoClient(uri).DropDatabaseAsync(Database);
        }
    }

    public override ClusterTables NewCluster(string clusterId)
    {
        var services = new ServiceCollection().BuildServiceProvider();
        var options = Options.Create(Configure(new MongoDBClusteringOptions()));
        return new ClusterTables(
            new MongoMembershipTable(services, ClusterOf(clusterId), options, NullLogger<MongoMembershipTable>.Instance),
            new MongoGatewayListProvider(services, ClusterOf(clusterId), options, Options.Create(new GatewayOptions())));
    }

    /// <summary>Points provider options at this fixture's database.</summary>
    public TOptions Configure<TOptions>(TOptions options)
        where TOptions : MongoDBOptions
    {
        options.ConnectionString = MongoTestServer.Uri;
        options.Database = Database;
        return options;
    }

    protected override void AddStorageAndReminders(ISiloBuilder silo)
    {
        silo.AddMongoDBGrainStorage(StorageName, storage => Configure(storage));
        silo.UseMongoDBReminders(reminders => Configure(reminders));
    }
}
