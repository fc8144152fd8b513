using System.Security.Cryptography;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Spaces.Contracts;
using Spaces.Grains.Turns;

namespace Spaces.Grains.Users;

/// <summary>
/// An account. Owns the edges it follows (so follow/unfollow are idempotent) and a follower count, which the
/// followed side keeps as a number: a popular account never stores its followers.
/// </summary>
internal sealed class UserGrain(
    [PersistentState("user", StorageNames.Spaces)] IPersistentState<UserRecord> record,
    IOptions<SpacesOptions> options,
    TimeProvider time,
    ILogger<UserGrain> logger) : CommittingGrain(record, logger), IUserGrain
{
    private const string SpaceIdAlphabet = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

    private UserRecord User => record.State;

    private string UserId => this.GetPrimaryKeyString();

    private SpacesOptions Options => options.Value;

    public async Task<UserProfile> RegisterAsync(string displayName)
    {
        if (!User.Exists)
        {
            User.DisplayName = ValidDisplayName(displayName);
            await CreateAsync();
        }

        return Profile();
    }

    public Task<UserProfile> GetProfileAsync()
    {
        EnsureExists();
        return Task.FromResult(Profile());
    }

    public async Task<UserProfile> UpdateProfileAsync(ProfileUpdate update)
    {
        var displayName = update.DisplayName is null ? null : ValidDisplayName(update.DisplayName);
        if (update.Bio is { } bio && bio.Length > Options.MaxBioLength)
        {
            throw SpacesException.Invalid("bio", ErrorCodes.InvalidField, $"bio must be at most {Options.MaxBioLength} characters.");
        }

        if (update.Bio is { } text && TextInput.HasControl(text, allowLineBreaks: true))
        {
            throw SpacesException.Invalid("bio", ErrorCodes.InvalidField, "bio must not contain control characters other than line breaks.");
        }

        if (!User.Exists && displayName is null)
        {
            throw SpacesException.Invalid("display_name", ErrorCodes.InvalidField, "display_name is required for a new profile.");
        }

        User.DisplayName = displayName ?? User.DisplayName;
        User.Bio = update.Bio ?? User.Bio;
        await (User.Exists ? CommitAsync() : CreateAsync());
        return Profile();
    }

    public async Task FollowAsync(string targetUserId)
    {
        if (targetUserId == UserId)
        {
            throw SpacesException.Invalid("id", ErrorCodes.CannotFollowSelf, "You cannot follow yourself.");
        }

        if (User.Following.Contains(targetUserId))
        {
            return;
        }

        if (User.Following.Count >= Options.MaxFollowing)
        {
            throw SpacesException.Conflict(ErrorCodes.TooManyFollows, $"An account may follow at most {Options.MaxFollowing} others.");
        }

        var target = GrainFactory.GetGrain<IUserGrain>(targetUserId);
        await target.GetProfileAsync();
        User.Following.Add(targetUserId);
        Effects.Add(() => target.AdjustFollowersCountAsync(+1));
        await CommitAsync();
    }

    public async Task UnfollowAsync(string targetUserId)
    {
        if (!User.Following.Remove(targetUserId))
        {
            return;
        }

        Effects.Add(() => GrainFactory.GetGrain<IUserGrain>(targetUserId).AdjustFollowersCountAsync(-1));
        await CommitAsync();
    }

    public async Task AdjustFollowersCountAsync(int delta)
    {
        User.FollowersCount = Math.Max(0, User.FollowersCount + delta);
        await CommitAsync();
    }

    public async Task<UserProfile> SyncFollowersCountAsync(long count)
    {
        if (count < 0)
        {
            throw SpacesException.Invalid("count", ErrorCodes.InvalidField, "count must be zero or more.");
        }

        User.FollowersCount = count;
        if (User.Exists)
        {
            await CommitAsync();
        }
        else
        {
            // The external graph knows this account already; it gets a profile here with its id as name.
            User.DisplayName = UserId;
            await CreateAsync();
        }

        return Profile();
    }

    public async Task<SpaceView> CreateSpaceAsync(NewSpaceRequest request)
    {
        EnsureExists();
        if (!CanHost)
        {
            throw SpacesException.Forbidden(
                ErrorCodes.NotEligibleToHost,
                $"Hosting a Space needs at least {Options.MinFollowersToHost} followers (MinFollowersToHost); you have {User.FollowersCount}.");
        }

        if (request.Ticket is not null)
        {
            EnsureCanHostTicketed();
        }

        var spaceId = RandomNumberGenerator.GetString(SpaceIdAlphabet, Ids.SpaceIdLength);
        var space = await GrainFactory.GetGrain<ISpaceGrain>(spaceId).CreateAsync(UserId, request);
        User.CreatedSpaceIds.Add(spaceId);
        await CommitAsync();
        return space;
    }

    public async Task NotifyAsync(Notification notification)
    {
        // Kept in time order: one-way deliveries may arrive out of order.
        var inbox = User.Notifications;
        var at = inbox.FindLastIndex(n => n.At <= notification.At) + 1;
        inbox.Insert(at, notification);
        if (inbox.Count > Options.MaxNotifications)
        {
            inbox.RemoveRange(0, inbox.Count - Options.MaxNotifications);
        }

        Effects.Add(() => GrainFactory.GetGrain<INotificationRoutesGrain>(NotificationRoutes.PartitionOf(UserId)).DeliverAsync(UserId, notification));
        await CommitAsync();
    }

    public Task<IReadOnlyList<Notification>> GetNotificationsAsync()
    {
        IReadOnlyList<Notification> newestFirst = Enumerable.Reverse(User.Notifications).ToList();
        return Task.FromResult(newestFirst);
    }

    public Task<IReadOnlyList<string>> GetFollowingAsync()
    {
        IReadOnlyList<string> following = [.. User.Following];
        return Task.FromResult(following);
    }

    public Task<IReadOnlyList<string>> GetCreatedSpaceIdsAsync(int limit)
    {
        EnsureExists();
        IReadOnlyList<string> newestFirst = Enumerable.Reverse(User.CreatedSpaceIds).Take(limit).ToList();
        return Task.FromResult(newestFirst);
    }

    private bool CanHost => User.FollowersCount >= Options.MinFollowersToHost;

    private bool CanHostTicketed =>
        User.FollowersCount >= Options.MinFollowersToHostTicketed
        && (!Options.TicketedHostAllowListEnabled || Options.TicketedHostAllowList.Contains(UserId));

    private void EnsureCanHostTicketed()
    {
        if (User.FollowersCount < Options.MinFollowersToHostTicketed)
        {
            throw SpacesException.Forbidden(
                ErrorCodes.NotEligibleToHostTicketed,
                $"Hosting a ticketed Space needs at least {Options.MinFollowersToHostTicketed} followers (MinFollowersToHostTicketed); you have {User.FollowersCount}.");
        }

        if (Options.TicketedHostAllowListEnabled && !Options.TicketedHostAllowList.Contains(UserId))
        {
            throw SpacesException.Forbidden(
                ErrorCodes.NotEligibleToHostTicketed, "Ticketed Spaces are open to a limited number of creators for now (TicketedHostAllowList).");
        }
    }

    private void EnsureExists()
    {
        if (!User.Exists)
        {
            throw SpacesException.NotFound(ErrorCodes.UserNotFound, $"No user has the id {UserId}.");
        }
    }

    private string ValidDisplayName(string displayName)
    {
        var trimmed = displayName.Trim();
        if (trimmed.Length == 0 || trimmed.Length > Options.MaxDisplayNameLength || TextInput.HasControl(trimmed) || TextInput.IsInvisible(trimmed))
        {
            throw SpacesException.Invalid(
                "display_name", ErrorCodes.InvalidField, $"display_name must be 1-{Options.MaxDisplayNameLength} printable characters.");
        }

        return trimmed;
    }

    private Task CreateAsync()
    {
        User.Exists = true;
        User.CreatedAt = time.GetUtcNow();
        return CommitAsync();
    }

    private UserProfile Profile() =>
        new(UserId, User.DisplayName, User.Bio, User.FollowersCount, User.Following.Count, CanHost, CanHostTicketed);
}
