using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using MongoDB.Bson;
using MongoDB.Driver;
using Orleans.Storage;
using Spaces.MongoDB;
using Spaces.MongoDB.Hosting;
using Spaces.MongoDB.Reminders;
using Spaces.Cluster.Tests.Infrastructure;
using Spaces.MongoDB.Storage;
using Spaces.Providers.Tests.Infrastructure;

namespace Spaces.Providers.Tests;

/// <summary>The failure modes users of MongoDB-backed Orleans providers hit, on a real server.</summary>
[RequiresMongoDB]
public sealed class MongoFailureModeTests(MongoBackend backend) : IClassFixture<MongoBackend>
{
    [BackendFact]
    public async Task A_malformed_reminder_document_does_not_hide_the_others_in_its_range()
    {
        var table = await backend.RemindersAsync();
        var grain = GrainId.Create("space", Guid.NewGuid().ToString("N"));
        await table.UpsertRow(new ReminderEntry { GrainId = grain, ReminderName = "ok", StartAt = DateTime.UtcNow, Period = TimeSpan.FromMinutes(1) });
        await Collection("Reminders").InsertOneAsync(new BsonDocument
        {
            { "_id", "hand-edited" }, { ReminderDocuments.ServiceIdField, backend.ServiceId }, { ReminderDocuments.GrainHashField, (long)grain.GetUniformHashCode() },
        });

        var all = await table.ReadRows(0u, 0u);

        Assert.Contains(all.Reminders, reminder => reminder.GrainId == grain && reminder.ReminderName == "ok");
    }

    [BackendFact]
    public async Task A_state_too_large_for_a_document_is_refused_naming_the_grain_and_nothing_is_written()
    {
        var storage = await backend.StorageAsync();
        var grain = GrainId.Create("space", Guid.NewGuid().ToString("N"));
        IGrainState<ContractState> state = new GrainState<ContractState>(new ContractState { Blob = new byte[17 * 1024 * 1024] });

        var error = await Assert.ThrowsAsync<GrainStateTooLargeException>(() => storage.WriteStateAsync("room", grain, state));

        Assert.Contains(grain.ToString(), error.Message, StringComparison.Ordinal);
        IGrainState<ContractState> read = new GrainState<ContractState>();
        await storage.ReadStateAsync("room", grain, read);
        Assert.False(read.RecordExists);
    }

    [BackendFact]
    public async Task A_duplicate_on_another_unique_index_is_an_error_not_an_etag_conflict()
    {
        var storage = await backend.StorageAsync();
        var type = $"t{Guid.NewGuid():N}";
        // An operator's unique index: one state per grain type.
        await Collection("GrainState").Indexes.CreateOneAsync(new CreateIndexModel<BsonDocument>(
            Builders<BsonDocument>.IndexKeys.Ascending("GrainType"),
            new CreateIndexOptions<BsonDocument> { Unique = true, PartialFilterExpression = Builders<BsonDocument>.Filter.Eq("GrainType", type) }));
        await storage.WriteStateAsync("room", GrainId.Create(type, "a"), new GrainState<ContractState>(new ContractState()));

        var error = await Assert.ThrowsAsync<MongoWriteException>(() =>
            storage.WriteStateAsync("room", GrainId.Create(type, "b"), new GrainState<ContractState>(new ContractState())));

        Assert.Equal(ServerErrorCategory.DuplicateKey, error.WriteError.Category);
    }

    private IMongoCollection<BsonDocument> Collection(string name) =>
        new MongoClient(MongoTestServer.Uri).GetDatabase(backend.Database).GetCollection<BsonDocument>("Orleans" + name);
}

/// <summary>Provider settings are checked when the host starts, before anything talks to a server.</summary>
public sealed class MongoOptionsTests
{
    [Theory]
    [InlineData(null, "spaces", "Orleans", "set ConnectionString, or register an IMongoClient")]
    [InlineData("not-a-uri", "spaces", "Orleans", "ConnectionString is not a MongoDB URI")]
    [InlineData("mongodb://127.0.0.1:1", null, "Orleans", "Database is required")]
    [InlineData("mongodb://127.0.0.1:1/spaces", "bad.name", "Orleans", "Database 'bad.name'")]
    [InlineData("mongodb://127.0.0.1:1/spaces", null, "no spaces", "CollectionPrefix 'no spaces'")]
    public async Task A_bad_provider_setting_stops_the_silo_at_start_naming_it(string? connectionString, string? database, string prefix, string named)
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.UseOrleans(silo =>
        {
            silo.UseLocalhostClustering();
            silo.AddMongoDBGrainStorage("spaces", mongo =>
            {
                mongo.ConnectionString = connectionString;
                mongo.Database = database;
                mongo.CollectionPrefix = prefix;
            });
        });
        using var host = builder.Build();

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());

        Assert.Contains(named, error.Message, StringComparison.Ordinal);
        Assert.Contains("MongoDBGrainStorageOptions 'spaces'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_registered_client_stands_in_for_the_connection_string()
    {
        var options = new MongoDBReminderTableOptions { Database = "spaces" };
        using var withClient = new ServiceCollection().AddSingleton<IMongoClient>(new MongoClient("mongodb://127.0.0.1:1")).BuildServiceProvider();
        using var withoutClient = new ServiceCollection().BuildServiceProvider();

        Assert.True(new MongoDBOptionsValidator<MongoDBReminderTableOptions>(withClient).Validate(null, options).Succeeded);
        Assert.True(new MongoDBOptionsValidator<MongoDBReminderTableOptions>(withoutClient).Validate(null, options).Failed);
    }
}
