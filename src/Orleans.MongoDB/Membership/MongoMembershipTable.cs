using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using MongoDB.Bson;
using MongoDB.Driver;
using Orleans;
using Orleans.Configuration;
using Orleans.Runtime;
using static Spaces.MongoDB.Membership.MembershipDocuments;

namespace Spaces.MongoDB.Membership;

/// <summary>
/// Orleans membership in MongoDB: the cluster's whole table is one document (see <see cref="MembershipDocuments"/>).
/// A change is one conditional write on the table's etag: <c>UpdateOne</c> filtered on <c>_id</c> and
/// <c>VersionEtag</c>, so two silos racing on one version cannot both win.
/// </summary>
public sealed partial class MongoMembershipTable : IMembershipTable
{
    private readonly IMongoCollection<BsonDocument> _clusters;
    private readonly string _clusterId;
    private readonly ILogger<MongoMembershipTable> _logger;

    public MongoMembershipTable(IServiceProvider services, IOptions<ClusterOptions> cluster, IOptions<MongoDBClusteringOptions> options, ILogger<MongoMembershipTable> logger)
    {
        _clusters = MembershipCollection.Open(services, options.Value);
        _clusterId = cluster.Value.ClusterId;
        _logger = logger;
    }

    public async Task InitializeMembershipTableAsync(bool tryInitTableVersion, CancellationToken cancellationToken)
    {
        if (!tryInitTableVersion)
        {
            return;
        }

        var empty = new BsonDocument
        {
            { "_id", _clusterId },
            { VersionField, 0 },
            { VersionEtagField, NewEtag() },
            { MembersField, new BsonDocument() },
        };
        try
        {
            await _clusters.InsertOneAsync(empty, cancellationToken: cancellationToken);
            LogCreated(_logger, _clusterId);
        }
        catch (MongoWriteException error) when (MongoErrors.IsDuplicateId(error))
        {
            // Another silo created it first: the table is there, which is all this asks.
        }
    }

    public Task DeleteMembershipTableEntriesAsync(string clusterId, CancellationToken cancellationToken) =>
        _clusters.DeleteOneAsync(IdIs(clusterId), cancellationToken);

    public async Task CleanupDefunctSiloEntriesAsync(DateTimeOffset beforeDate, CancellationToken cancellationToken)
    {
        var cluster = await ReadClusterAsync(projection: null, cancellationToken);
        var defunct = ToTable(cluster).Members
            .Select(member => member.Item1)
            .Where(member => member.Status == SiloStatus.Dead && member.IAmAliveTime < beforeDate.UtcDateTime)
            .ToList();
        foreach (var member in defunct)
        {
            // Conditional on the member still being dead and stale, so a concurrent change is never undone.
            var filter = Builders<BsonDocument>.Filter.And(
                IdIs(_clusterId),
                Builders<BsonDocument>.Filter.Eq(MemberPath(member.SiloAddress, StatusField), (int)SiloStatus.Dead),
                Builders<BsonDocument>.Filter.Lt(MemberPath(member.SiloAddress, IAmAliveTimeField), beforeDate.UtcDateTime));
            await _clusters.UpdateOneAsync(filter, Builders<BsonDocument>.Update.Unset(MemberPath(member.SiloAddress)), cancellationToken: cancellationToken);
        }

        if (defunct.Count > 0)
        {
            LogCleanedUp(_logger, defunct.Count, _clusterId);
        }
    }

    public async Task<MembershipTableData> ReadRowAsync(SiloAddress key, CancellationToken cancellationToken)
    {
        var projection = Builders<BsonDocument>.Projection.Include(VersionField).Include(VersionEtagField).Include(MemberPath(key));
        return ToTable(await ReadClusterAsync(projection, cancellationToken));
    }

    public async Task<MembershipTableData> ReadAllAsync(CancellationToken cancellationToken) =>
        ToTable(await ReadClusterAsync(projection: null, cancellationToken));

    public async Task<bool> InsertRowAsync(MembershipEntry entry, TableVersion tableVersion, CancellationToken cancellationToken)
    {
        var filter = Builders<BsonDocument>.Filter.And(
            IdIs(_clusterId),
            Builders<BsonDocument>.Filter.Eq(VersionEtagField, tableVersion.VersionEtag),
            Builders<BsonDocument>.Filter.Exists(MemberPath(entry.SiloAddress), exists: false));
        try
        {
            // Upsert: a cluster without a document gets one. When the filter fails on an existing document the
            // upsert's insert collides on _id, which is exactly "the table changed (or the silo is there already)".
            await _clusters.UpdateOneAsync(filter, Bump(tableVersion).Set(MemberPath(entry.SiloAddress), ToBson(entry, NewEtag())),
                new UpdateOptions { IsUpsert = true }, cancellationToken);
            return true;
        }
        catch (MongoWriteException error) when (MongoErrors.IsDuplicateId(error))
        {
            LogLostRace(_logger, "insert", entry.SiloAddress, tableVersion.Version);
            return false;
        }
    }

    public async Task<bool> UpdateRowAsync(MembershipEntry entry, string etag, TableVersion tableVersion, CancellationToken cancellationToken)
    {
        var filter = Builders<BsonDocument>.Filter.And(
            IdIs(_clusterId),
            Builders<BsonDocument>.Filter.Eq(VersionEtagField, tableVersion.VersionEtag),
            Builders<BsonDocument>.Filter.Eq(MemberPath(entry.SiloAddress, EtagField), etag));
        var result = await _clusters.UpdateOneAsync(filter, Bump(tableVersion).Set(MemberPath(entry.SiloAddress), ToBson(entry, NewEtag())),
            cancellationToken: cancellationToken);
        if (result.MatchedCount == 0)
        {
            LogLostRace(_logger, "update", entry.SiloAddress, tableVersion.Version);
        }

        return result.MatchedCount == 1;
    }

    /// <summary>Only the heartbeat field: neither the row's etag nor the table's changes, as Orleans requires.</summary>
    public Task UpdateIAmAliveAsync(MembershipEntry entry, CancellationToken cancellationToken) =>
        _clusters.UpdateOneAsync(
            Builders<BsonDocument>.Filter.And(IdIs(_clusterId), Builders<BsonDocument>.Filter.Exists(MemberPath(entry.SiloAddress))),
            Builders<BsonDocument>.Update.Set(MemberPath(entry.SiloAddress, IAmAliveTimeField), DateTime.SpecifyKind(entry.IAmAliveTime, DateTimeKind.Utc)),
            cancellationToken: cancellationToken);

    // The tokenless members Orleans 10 still requires (and marks obsolete): the cancellable ones above do the work.
    Task IMembershipTable.InitializeMembershipTable(bool tryInitTableVersion) => InitializeMembershipTableAsync(tryInitTableVersion, CancellationToken.None);

    Task IMembershipTable.DeleteMembershipTableEntries(string clusterId) => DeleteMembershipTableEntriesAsync(clusterId, CancellationToken.None);

    Task IMembershipTable.CleanupDefunctSiloEntries(DateTimeOffset beforeDate) => CleanupDefunctSiloEntriesAsync(beforeDate, CancellationToken.None);

    Task<MembershipTableData> IMembershipTable.ReadRow(SiloAddress key) => ReadRowAsync(key, CancellationToken.None);

    Task<MembershipTableData> IMembershipTable.ReadAll() => ReadAllAsync(CancellationToken.None);

    Task<bool> IMembershipTable.InsertRow(MembershipEntry entry, TableVersion tableVersion) => InsertRowAsync(entry, tableVersion, CancellationToken.None);

    Task<bool> IMembershipTable.UpdateRow(MembershipEntry entry, string etag, TableVersion tableVersion) =>
        UpdateRowAsync(entry, etag, tableVersion, CancellationToken.None);

    Task IMembershipTable.UpdateIAmAlive(MembershipEntry entry) => UpdateIAmAliveAsync(entry, CancellationToken.None);

    private static UpdateDefinition<BsonDocument> Bump(TableVersion tableVersion) =>
        Builders<BsonDocument>.Update.Set(VersionField, tableVersion.Version).Set(VersionEtagField, NewEtag());

    private static FilterDefinition<BsonDocument> IdIs(string clusterId) => Builders<BsonDocument>.Filter.Eq("_id", clusterId);

    private async Task<BsonDocument?> ReadClusterAsync(ProjectionDefinition<BsonDocument>? projection, CancellationToken cancellationToken)
    {
        var find = _clusters.Find(IdIs(_clusterId));
        return projection is null
            ? await find.FirstOrDefaultAsync(cancellationToken)
            : await find.Project(projection).FirstOrDefaultAsync(cancellationToken);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Created the MongoDB membership document of cluster {ClusterId}")]
    private static partial void LogCreated(ILogger logger, string clusterId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Removed {Count} defunct silos from the membership of cluster {ClusterId}")]
    private static partial void LogCleanedUp(ILogger logger, int count, string clusterId);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Membership {Operation} of {Silo} at table version {Version} lost a race: the table or the row changed")]
    private static partial void LogLostRace(ILogger logger, string operation, SiloAddress silo, int version);
}

/// <summary>The "{prefix}Membership" collection (shared by the table and the gateway list).</summary>
internal static class MembershipCollection
{
    public static IMongoCollection<BsonDocument> Open(IServiceProvider services, MongoDBOptions options) =>
        MongoDatabaseResolver.Resolve(services, options).GetCollection<BsonDocument>(options.CollectionPrefix + "Membership");
}
