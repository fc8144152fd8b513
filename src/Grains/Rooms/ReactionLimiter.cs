namespace Spaces.Grains.Rooms;

/// <summary>A token bucket per user: a short burst of reactions, then a steady rate.</summary>
internal sealed class ReactionLimiter(int burst, double perSecond, TimeProvider time)
{
    private readonly Dictionary<string, (double Tokens, DateTimeOffset At)> _buckets = new(StringComparer.Ordinal);

    /// <summary>Takes one token; when none is left, returns how long until one is.</summary>
    public TimeSpan? TryTake(string userId)
    {
        var now = time.GetUtcNow();
        var (tokens, at) = _buckets.TryGetValue(userId, out var bucket) ? bucket : (burst, now);
        tokens = Math.Min(burst, tokens + (now - at).TotalSeconds * perSecond);
        if (tokens < 1)
        {
            _buckets[userId] = (tokens, now);
            return TimeSpan.FromSeconds((1 - tokens) / perSecond);
        }

        _buckets[userId] = (tokens - 1, now);
        return null;
    }

    public void Forget(string userId) => _buckets.Remove(userId);
}
