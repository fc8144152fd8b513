namespace Spaces.Analytics.Tests.Infrastructure;

/// <summary>Waits (bounded) for what the streams deliver in the background.</summary>
public static class Eventually
{
    public static Task TrueAsync(Func<bool> condition, string what, TimeSpan? wait = null) =>
        TrueAsync(() => Task.FromResult(condition()), what, wait);

    public static async Task TrueAsync(Func<Task<bool>> condition, string what, TimeSpan? wait = null)
    {
        var deadline = DateTime.UtcNow + (wait ?? TimeSpan.FromSeconds(15));
        while (!await condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                Assert.Fail($"timed out waiting for {what}");
            }

            await Task.Delay(20);
        }
    }
}
