namespace Spaces.Grains.Tests.Infrastructure;

/// <summary>Runs calls at once (not one after another) and tells which succeeded and which were refused, and why.</summary>
public static class Outcome
{
    /// <summary>Starts <paramref name="call"/> for every item before awaiting any; null marks a success.</summary>
    public static async Task<SpacesException?[]> AllAtOnceAsync<T>(IEnumerable<T> items, Func<T, Task> call)
    {
        var started = items.Select(item => CaptureAsync(call(item))).ToList();
        return await Task.WhenAll(started);
    }

    private static async Task<SpacesException?> CaptureAsync(Task call)
    {
        try
        {
            await call;
            return null;
        }
        catch (SpacesException refusal)
        {
            return refusal;
        }
    }
}
