namespace Spaces.Grains.Tests.Infrastructure;

/// <summary>
/// A gateway played by the test: its one <see cref="IUserNotificationObserver"/>, registered through the cluster
/// client under an id of its own, recording every notification handed to it.
/// </summary>
public sealed class NotificationRecorder : IUserNotificationObserver
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);

    private readonly Lock _gate = new();
    private readonly List<(string UserId, string NotificationId)> _received = [];
    private TaskCompletionSource _arrived = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private NotificationRecorder(IClusterClient client) =>
        // The client tracks local observer objects weakly: the test holds the recorder, the recorder its reference.
        Gateway = new NotificationGateway($"gateway-{Guid.NewGuid():N}", client.CreateObjectReference<IUserNotificationObserver>(this));

    public NotificationGateway Gateway { get; }

    public static NotificationRecorder Create(IClusterClient client) => new(client);

    public Task OnNotificationAsync(string userId, Notification notification)
    {
        lock (_gate)
        {
            _received.Add((userId, notification.Id));
            _arrived.TrySetResult();
            _arrived = new(TaskCreationOptions.RunContinuationsAsynchronously);
        }

        return Task.CompletedTask;
    }

    /// <summary>Everything received so far, as (user id, notification id).</summary>
    public IReadOnlyList<(string UserId, string NotificationId)> Received
    {
        get
        {
            lock (_gate)
            {
                return [.. _received];
            }
        }
    }

    /// <summary>Waits until the notifications with these ids arrived; returns everything received by then.</summary>
    public async Task<IReadOnlyList<(string UserId, string NotificationId)>> WaitForAsync(params string[] notificationIds)
    {
        using var timeout = new CancellationTokenSource(Patience);
        while (true)
        {
            Task arrived;
            lock (_gate)
            {
                if (notificationIds.All(id => _received.Exists(r => r.NotificationId == id)))
                {
                    return [.. _received];
                }

                arrived = _arrived.Task;
            }

            await arrived.WaitAsync(timeout.Token);
        }
    }
}
