using MongoDB.Driver;

namespace Spaces.MongoDB;

/// <summary>
/// Which write errors mean "someone else got there first". Only a duplicate key on <c>_id</c> does: the providers'
/// compare-and-swap writes are inserts or upserts keyed by <c>_id</c>, so losing the race collides there. A duplicate
/// on any other unique index (one an operator added) is a real error and must surface as one, not as a conflict.
/// </summary>
internal static class MongoErrors
{
    private const string IdIndexName = "_id_";

    public static bool IsDuplicateId(MongoWriteException error) =>
        error.WriteError is { } writeError && IsDuplicateId(writeError.Category, writeError.Message);

    /// <summary>The server names the index in the message: "E11000 duplicate key error collection: db.c index: _id_ dup key: …".</summary>
    public static bool IsDuplicateId(ServerErrorCategory category, string? message)
    {
        if (category != ServerErrorCategory.DuplicateKey || message is null)
        {
            return false;
        }

        const string IndexMarker = " index: ";
        var start = message.IndexOf(IndexMarker, StringComparison.Ordinal);
        if (start < 0)
        {
            return false;
        }

        var name = message.AsSpan(start + IndexMarker.Length);
        var end = name.IndexOf(' ');
        return (end < 0 ? name : name[..end]).SequenceEqual(IdIndexName);
    }
}
