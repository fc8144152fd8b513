using MongoDB.Driver;

namespace Spaces.MongoDB;

/// <summary>Checks a host's MongoDB connection string before any provider uses it.</summary>
public static class MongoConnectionStrings
{
    /// <summary>Null when <paramref name="connectionString"/> is a MongoDB URI that names its database; else what is wrong.</summary>
    public static string? Problem(string connectionString)
    {
        MongoUrl url;
        try
        {
            url = MongoUrl.Create(connectionString);
        }
        catch (Exception error) when (error is MongoConfigurationException or FormatException or ArgumentException)
        {
            return $"is not a MongoDB URI ({error.Message}).";
        }

        return string.IsNullOrEmpty(url.DatabaseName)
            ? "must name the database in its path, e.g. mongodb://127.0.0.1:27017/spaces."
            : null;
    }
}
