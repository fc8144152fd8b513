using System.Collections.Concurrent;
using Microsoft.Extensions.Options;
using Spaces.Contracts;
using Spaces.Gateway.Security;

namespace Spaces.Gateway.Realtime;

/// <summary>Counts each user's open WebSockets on this gateway; one more than <see cref="SecurityOptions.MaxSocketsPerUser"/> is a 429.</summary>
internal sealed class SocketQuota(IOptions<SecurityOptions> options)
{
    private readonly ConcurrentDictionary<string, int> _open = new(StringComparer.Ordinal);

    /// <summary>Takes a place for one socket of <paramref name="userId"/>; dispose it when the socket closes.</summary>
    public IDisposable Acquire(string userId)
    {
        var max = options.Value.MaxSocketsPerUser;
        while (true)
        {
            var open = _open.GetOrAdd(userId, 0);
            if (open >= max)
            {
                throw new SpacesException(ErrorKind.RateLimited, ErrorCodes.TooManySockets,
                    $"A user may hold at most {max} WebSockets open; close one first.", retryAfter: TimeSpan.FromSeconds(1));
            }

            if (_open.TryUpdate(userId, open + 1, open))
            {
                return new Place(this, userId);
            }
        }
    }

    private void Release(string userId)
    {
        while (true)
        {
            var open = _open[userId];
            var released = open == 1 ? _open.TryRemove(new KeyValuePair<string, int>(userId, 1)) : _open.TryUpdate(userId, open - 1, open);
            if (released)
            {
                return;
            }
        }
    }

    private sealed class Place(SocketQuota quota, string userId) : IDisposable
    {
        private int _released;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _released, 1) == 0)
            {
                quota.Release(userId);
            }
        }
    }
}
