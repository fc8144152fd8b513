using Microsoft.Extensions.Options;

namespace Spaces.Gateway.Realtime;

/// <summary>
/// A gateway's observer registrations with grains expire unless renewed: this runs a subclass's renewal round
/// every <see cref="RealtimeOptions.ObserverRenewInterval"/> for as long as the gateway runs.
/// </summary>
internal abstract class ObserverRenewalService(IOptions<RealtimeOptions> options, TimeProvider time) : IHostedService, IDisposable
{
    private readonly CancellationTokenSource _stopping = new();
    private Task? _renewals;

    protected RealtimeOptions Options => options.Value;

    protected TimeProvider Time => time;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        _renewals = RenewLoopAsync(_stopping.Token);
        return Task.CompletedTask;
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        await _stopping.CancelAsync();
        if (_renewals is not null)
        {
            await _renewals.WaitAsync(cancellationToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }
    }

    public void Dispose() => _stopping.Dispose();

    /// <summary>One round: renew what is still watched here, let go of what is not. Must not throw. Tests run one directly.</summary>
    protected internal abstract Task RenewAllAsync();

    private async Task RenewLoopAsync(CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(Options.ObserverRenewInterval, Time);
        try
        {
            while (await timer.WaitForNextTickAsync(cancellationToken))
            {
                await RenewAllAsync();
            }
        }
        catch (OperationCanceledException)
        {
            // Shutting down.
        }
    }
}
