namespace Spaces.Grains.Rooms;

/// <summary>A token bucket per user: a short burst of reactions, then a steady rate.</summary>
internal sealed class ReactionLimiter(int burst, double perSecond, TimeProvider time)
{
    private static readonly TimeSpan PruneInterval = TimeSpan.FromMinutes(1);

    private readonly Dictionary<string, (double Tokens, DateTimeOffset At)> _buckets = new(StringComparer.Ordinal);
    private DateTimeOffset _lastPrune = time.GetUtcNow();

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

    /// <summary>
    /// Forgets buckets that have refilled: they hold nothing a fresh bucket would not. Leaving the Space does
    /// not forget a bucket, so rejoining is no way around the limit. Sweeps at most once a minute.
    /// </summary>
    public void PruneIdle()
    {
        var now = time.GetUtcNow();
        if (now - _lastPrune < PruneInterval)
        {
            return;
        }

        _lastPrune = now;
        foreach (var (userId, (tokens, at)) in _buckets)
        {
            if (tokens + (now - at).TotalSeconds * perSecond >= burst)
            {
                _buckets.Remove(userId);
            }
        }
    }
}
