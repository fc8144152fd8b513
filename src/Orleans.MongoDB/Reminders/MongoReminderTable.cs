using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using MongoDB.Bson;
using MongoDB.Driver;
using Orleans;
using Orleans.Configuration;
using Orleans.Runtime;
using static Spaces.MongoDB.Reminders.ReminderDocuments;

namespace Spaces.MongoDB.Reminders;

/// <summary>
/// Orleans reminders in MongoDB, one document per reminder. Ring-range reads select on the stored grain hash; a
/// document that does not map to a reminder is logged and skipped, so one bad document never hides the others.
/// </summary>
public sealed partial class MongoReminderTable : IReminderTable
{
    private readonly IMongoCollection<BsonDocument> _reminders;
    private readonly string _serviceId;
    private readonly ILogger<MongoReminderTable> _logger;

    public MongoReminderTable(IServiceProvider services, IOptions<ClusterOptions> cluster, IOptions<MongoDBReminderTableOptions> options, ILogger<MongoReminderTable> logger)
    {
        _reminders = MongoDatabaseResolver.Resolve(services, options.Value).GetCollection<BsonDocument>(options.Value.CollectionPrefix + "Reminders");
        _serviceId = cluster.Value.ServiceId;
        _logger = logger;
    }

    /// <summary>Creates the indexes the reads use (idempotent).</summary>
    public async Task StartAsync(CancellationToken cancellationToken = default)
    {
        await _reminders.Indexes.CreateManyAsync(
        [
            new CreateIndexModel<BsonDocument>(Builders<BsonDocument>.IndexKeys.Ascending(ServiceIdField).Ascending(GrainHashField)),
            new CreateIndexModel<BsonDocument>(Builders<BsonDocument>.IndexKeys.Ascending(ServiceIdField).Ascending(GrainIdField)),
        ], cancellationToken);
        LogReady(_logger, _reminders.CollectionNamespace.FullName);
    }

    public Task<ReminderTableData> ReadRows(GrainId grainId) =>
        ReadAsync(Builders<BsonDocument>.Filter.And(OfService(), Builders<BsonDocument>.Filter.Eq(GrainIdField, grainId.ToString())));

    /// <summary>Hashes in (begin, end]; when begin ≥ end the range wraps around the ring: above begin or up to end.</summary>
    public Task<ReminderTableData> ReadRows(uint begin, uint end)
    {
        var filter = Builders<BsonDocument>.Filter;
        var range = begin < end
            ? filter.And(filter.Gt(GrainHashField, (long)begin), filter.Lte(GrainHashField, (long)end))
            : filter.Or(filter.Gt(GrainHashField, (long)begin), filter.Lte(GrainHashField, (long)end));
        return ReadAsync(filter.And(OfService(), range));
    }

    public async Task<ReminderEntry?> ReadRow(GrainId grainId, string reminderName)
    {
        var rows = await ReadAsync(IdIs(grainId, reminderName));
        return rows.Reminders.FirstOrDefault();
    }

    public async Task<string?> UpsertRow(ReminderEntry entry)
    {
        var etag = Guid.NewGuid().ToString("N");
        await _reminders.ReplaceOneAsync(IdIs(entry.GrainId, entry.ReminderName), ToBson(_serviceId, entry, etag), new ReplaceOptions { IsUpsert = true });
        return etag;
    }

    public async Task<bool> RemoveRow(GrainId grainId, string reminderName, string eTag)
    {
        var filter = Builders<BsonDocument>.Filter.And(IdIs(grainId, reminderName), Builders<BsonDocument>.Filter.Eq(EtagField, eTag));
        return (await _reminders.DeleteOneAsync(filter)).DeletedCount == 1;
    }

    public Task TestOnlyClearTable() => _reminders.DeleteManyAsync(OfService());

    /// <summary>Maps what a read returned, skipping (and logging) documents that are not reminders.</summary>
    internal static ReminderTableData ToTable(IEnumerable<BsonDocument> documents, ILogger logger)
    {
        var entries = new List<ReminderEntry>();
        foreach (var document in documents)
        {
            try
            {
                entries.Add(FromBson(document));
            }
            catch (Exception error) when (error is KeyNotFoundException or InvalidCastException or FormatException or ArgumentException)
            {
                LogMalformed(logger, error, document.GetValue("_id", BsonNull.Value).ToString() ?? "(no _id)");
            }
        }

        return new ReminderTableData(entries);
    }

    private async Task<ReminderTableData> ReadAsync(FilterDefinition<BsonDocument> filter) =>
        ToTable(await _reminders.Find(filter).ToListAsync(), _logger);

    private FilterDefinition<BsonDocument> OfService() => Builders<BsonDocument>.Filter.Eq(ServiceIdField, _serviceId);

    private FilterDefinition<BsonDocument> IdIs(GrainId grainId, string reminderName) =>
        Builders<BsonDocument>.Filter.Eq("_id", Id(_serviceId, grainId, reminderName));

    [LoggerMessage(Level = LogLevel.Information, Message = "MongoDB reminder table ready on {Collection}")]
    private static partial void LogReady(ILogger logger, string collection);

    [LoggerMessage(Level = LogLevel.Error, Message = "Skipped the reminder document {Id}: it does not map to a reminder. Fix or delete it; the other reminders are served.")]
    private static partial void LogMalformed(ILogger logger, Exception error, string id);
}
