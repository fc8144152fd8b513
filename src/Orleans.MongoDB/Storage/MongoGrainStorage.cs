using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using MongoDB.Bson;
using MongoDB.Driver;
using Orleans;
using Orleans.Configuration;
using Orleans.Runtime;
using Orleans.Serialization.Serializers;
using Orleans.Storage;
using static Spaces.MongoDB.Storage.GrainStateDocuments;

namespace Spaces.MongoDB.Storage;

/// <summary>
/// Grain state in MongoDB with optimistic concurrency on <c>_etag</c>: a write names the etag it read and fails with
/// <see cref="InconsistentStateException"/> when the stored one differs; nothing is ever overwritten blindly.
/// A first write is an insert, so two first writers collide on <c>_id</c> and one loses the same way.
/// </summary>
public sealed partial class MongoGrainStorage : IGrainStorage, ILifecycleParticipant<ISiloLifecycle>
{
    private readonly string _name;
    private readonly string _serviceId;
    private readonly MongoDBGrainStorageOptions _options;
    private readonly IServiceProvider _services;
    private readonly IGrainStorageSerializer _serializer;
    private readonly IActivatorProvider _activators;
    private readonly TimeProvider _time;
    private readonly ILogger<MongoGrainStorage> _logger;
    private IMongoCollection<BsonDocument>? _states;

    public MongoGrainStorage(string name, MongoDBGrainStorageOptions options, IOptions<ClusterOptions> cluster, IServiceProvider services,
        IGrainStorageSerializer serializer, IActivatorProvider activators, TimeProvider time, ILogger<MongoGrainStorage> logger)
    {
        _name = name;
        _options = options;
        _serviceId = cluster.Value.ServiceId;
        _services = services;
        _serializer = serializer;
        _activators = activators;
        _time = time;
        _logger = logger;
    }

    private IMongoCollection<BsonDocument> States =>
        _states ??= MongoDatabaseResolver.Resolve(_services, _options).GetCollection<BsonDocument>(_options.CollectionPrefix + "GrainState");

    public void Participate(ISiloLifecycle lifecycle) =>
        lifecycle.Subscribe(OptionFormattingUtilities.Name<MongoGrainStorage>(_name), _options.InitStage, CreateIndexesAsync);

    /// <summary>Creates the metadata index (idempotent: an index that exists with the same keys is left alone).</summary>
    public async Task CreateIndexesAsync(CancellationToken cancellationToken)
    {
        var byType = Builders<BsonDocument>.IndexKeys.Ascending("ServiceId").Ascending("GrainType");
        await States.Indexes.CreateOneAsync(new CreateIndexModel<BsonDocument>(byType), cancellationToken: cancellationToken);
        LogReady(_logger, _name, States.CollectionNamespace.FullName);
    }

    public async Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        var document = await States.Find(IdFilter(stateName, grainId)).FirstOrDefaultAsync();
        if (document is null)
        {
            grainState.State = _activators.GetActivator<T>().Create();
            grainState.ETag = null;
            grainState.RecordExists = false;
            return;
        }

        grainState.State = _serializer.Deserialize<T>(new BinaryData(ReadPayload(document)));
        grainState.ETag = document[Etag].AsString;
        grainState.RecordExists = true;
    }

    public async Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        var etag = Guid.NewGuid().ToString("N");
        var document = Create(_serviceId, stateName, grainId, etag, _serializer.Serialize(grainState.State).ToMemory(), _time.GetUtcNow().UtcDateTime);
        if (grainState.ETag is null)
        {
            try
            {
                await States.InsertOneAsync(document);
            }
            catch (MongoWriteException error) when (MongoErrors.IsDuplicateId(error))
            {
                throw Conflict(stateName, grainId, grainState.ETag, error);
            }
        }
        else
        {
            var result = await States.ReplaceOneAsync(EtagFilter(stateName, grainId, grainState.ETag), document);
            if (result.MatchedCount == 0)
            {
                throw Conflict(stateName, grainId, grainState.ETag, storageError: null);
            }
        }

        grainState.ETag = etag;
        grainState.RecordExists = true;
    }

    /// <summary>Deletes the document (only the version this activation read); the grain starts over from a fresh state.</summary>
    public async Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        if (grainState.ETag is null)
        {
            // Nothing read means nothing to delete; but if a document appeared meanwhile, this activation is stale.
            if (await States.Find(IdFilter(stateName, grainId)).AnyAsync())
            {
                throw Conflict(stateName, grainId, storedEtag: null, storageError: null);
            }
        }
        else if ((await States.DeleteOneAsync(EtagFilter(stateName, grainId, grainState.ETag))).DeletedCount == 0)
        {
            throw Conflict(stateName, grainId, grainState.ETag, storageError: null);
        }

        grainState.State = _activators.GetActivator<T>().Create();
        grainState.ETag = null;
        grainState.RecordExists = false;
    }

    private FilterDefinition<BsonDocument> IdFilter(string stateName, GrainId grainId) =>
        Builders<BsonDocument>.Filter.Eq("_id", Id(_serviceId, stateName, grainId));

    private FilterDefinition<BsonDocument> EtagFilter(string stateName, GrainId grainId, string etag) =>
        Builders<BsonDocument>.Filter.And(IdFilter(stateName, grainId), Builders<BsonDocument>.Filter.Eq(Etag, etag));

    private InconsistentStateException Conflict(string stateName, GrainId grainId, string? storedEtag, Exception? storageError)
    {
        LogConflict(_logger, stateName, grainId, storedEtag);
        return new InconsistentStateException(
            $"The state '{stateName}' of grain {grainId} changed in MongoDB since this activation read it (etag {storedEtag ?? "none"}).",
            storedEtag, currentEtag: null, storageError);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "MongoDB grain storage {Name} ready on {Collection}")]
    private static partial void LogReady(ILogger logger, string name, string collection);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Write conflict on state {StateName} of grain {GrainId}: it is no longer at etag {Etag}")]
    private static partial void LogConflict(ILogger logger, string stateName, GrainId grainId, string? etag);
}
