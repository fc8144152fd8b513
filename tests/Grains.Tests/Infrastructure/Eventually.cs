namespace Spaces.Grains.Tests.Infrastructure;

/// <summary>Waits (bounded) for what one-way messages and grain timers do in the background.</summary>
public static class Eventually
{
    public static async Task<T> MatchesAsync<T>(Func<Task<T>> read, Func<T, bool> done, string what, TimeSpan? wait = null)
    {
        var deadline = DateTime.UtcNow + (wait ?? TimeSpan.FromSeconds(10));
        while (true)
        {
            var value = await read();
            if (done(value))
            {
                return value;
            }

            if (DateTime.UtcNow > deadline)
            {
                Assert.Fail($"timed out waiting for {what}");
            }

            await Task.Delay(20);
        }
    }

    public static Task TrueAsync(Func<Task<bool>> condition, string what) => MatchesAsync(condition, done => done, what);
}
