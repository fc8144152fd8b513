namespace Spaces.Grains.Tests.Infrastructure;

/// <summary>Waits for what happens after a one-way call (a timed-out reservation, a refund of a canceled Space).</summary>
public static class Eventually
{
    public static async Task TrueAsync(Func<Task<bool>> condition, string what)
    {
        using var patience = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        while (!await condition())
        {
            Assert.False(patience.IsCancellationRequested, $"Still not true after 10 s: {what}");
            await Task.Delay(20, CancellationToken.None);
        }
    }
}
