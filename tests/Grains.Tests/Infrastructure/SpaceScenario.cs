namespace Spaces.Grains.Tests.Infrastructure;

/// <summary>
/// A Space set up for a test: an eligible host, the Space (live unless asked otherwise), and helpers that put
/// fresh users into it in a given role through the public grain calls only.
/// </summary>
public sealed class SpaceScenario
{
    private SpaceScenario(ClusterFixture cluster, string hostId, SpaceView created)
    {
        Cluster = cluster;
        HostId = hostId;
        Created = created;
        Space = cluster.Space(created.Id);
    }

    public ClusterFixture Cluster { get; }

    public string HostId { get; }

    /// <summary>The Space as <see cref="IUserGrain.CreateSpaceAsync"/> returned it.</summary>
    public SpaceView Created { get; }

    public string SpaceId => Created.Id;

    public ISpaceGrain Space { get; }

    /// <summary>A live Space: created without a start time, nobody in it but the host.</summary>
    public static Task<SpaceScenario> LiveAsync(ClusterFixture cluster, string title = "Test Space") =>
        CreateAsync(cluster, new NewSpaceRequest(title, null, null, null));

    /// <summary>A Space scheduled one day ahead.</summary>
    public static Task<SpaceScenario> ScheduledAsync(ClusterFixture cluster, string title = "Upcoming Space") =>
        CreateAsync(cluster, new NewSpaceRequest(title, cluster.Time.GetUtcNow().AddDays(1), null, null));

    public static async Task<SpaceScenario> CreateAsync(ClusterFixture cluster, NewSpaceRequest request)
    {
        var hostId = await cluster.NewHostAsync();
        var created = await cluster.User(hostId).CreateSpaceAsync(request);
        return new SpaceScenario(cluster, hostId, created);
    }

    /// <summary>A fresh user who joined as a listener.</summary>
    public async Task<string> ListenerAsync(string prefix = "listener")
    {
        var userId = TestIds.User(prefix);
        var joined = await Space.JoinAsync(userId);
        Assert.Equal(Role.Listener, joined.Role);
        return userId;
    }

    /// <summary><paramref name="count"/> fresh listeners, joined concurrently.</summary>
    public async Task<string[]> ListenersAsync(int count, string prefix = "listener") =>
        await Task.WhenAll(Enumerable.Range(0, count).Select(_ => ListenerAsync(prefix)));

    /// <summary>A fresh listener with a raised hand.</summary>
    public async Task<string> HandRaiserAsync()
    {
        var userId = await ListenerAsync("hand");
        await Space.RaiseHandAsync(userId);
        return userId;
    }

    /// <summary>A fresh user on stage as a speaker (hand raised, accepted by the host).</summary>
    public async Task<string> SpeakerAsync()
    {
        var userId = await HandRaiserAsync();
        Assert.Equal(SpeakerAction.HandAccepted, await Space.AddSpeakerAsync(HostId, userId));
        return userId;
    }

    /// <summary>A fresh listener the host invited to speak (not accepted yet).</summary>
    public async Task<string> InviteeAsync()
    {
        var userId = await ListenerAsync("invitee");
        Assert.Equal(SpeakerAction.Invited, await Space.AddSpeakerAsync(HostId, userId));
        return userId;
    }

    /// <summary>A fresh user made co-host by the host.</summary>
    public async Task<string> CohostAsync()
    {
        var userId = await ListenerAsync("cohost");
        await Space.AddCohostAsync(HostId, userId);
        return userId;
    }

    /// <summary>Speakers until host + co-hosts + speakers reach <see cref="SpacesOptions.MaxStageSize"/>.</summary>
    public async Task FillStageAsync()
    {
        var onStage = (await Space.GetParticipantsAsync(null, null)).Stage.Count;
        for (var i = onStage; i < Cluster.Options.MaxStageSize; i++)
        {
            await SpeakerAsync();
        }
    }

    /// <summary>A user in the given role: the host, or a fresh co-host, speaker or listener.</summary>
    public Task<string> UserInRoleAsync(Role role) => role switch
    {
        Role.Host => Task.FromResult(HostId),
        Role.Cohost => CohostAsync(),
        Role.Speaker => SpeakerAsync(),
        _ => ListenerAsync(),
    };

    public Task<ParticipantsView> ParticipantsAsync(long? cursor = null, int? limit = null) => Space.GetParticipantsAsync(cursor, limit);

    public async Task<Role?> StageRoleOfAsync(string userId) =>
        (await ParticipantsAsync()).Stage.SingleOrDefault(m => m.UserId == userId)?.Role;
}
