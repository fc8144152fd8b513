namespace Spaces.Contracts;

/// <summary>Where a Space's recording is (product.md, "Recordings"); a Space makes at most one.</summary>
[GenerateSerializer]
public enum RecordingState
{
    /// <summary>Asked for on a scheduled Space: the recording starts when the Space goes live.</summary>
    Pending,

    /// <summary>Asked of the media server; no audio written yet.</summary>
    Starting,

    /// <summary>The room's audio is being written.</summary>
    Recording,

    /// <summary>Stopped (turned off, or the Space ended): the file is being finished and uploaded.</summary>
    Processing,

    /// <summary>The file is written: <see cref="RecordingView.Url"/> and <see cref="RecordingView.Duration"/> are set.</summary>
    Ready,

    /// <summary>The media server could not record; nothing to replay.</summary>
    Failed,
}

/// <summary>
/// A Space's recording as its summary carries it. <see cref="Url"/> is the replay route, which checks who may
/// listen (the host; everyone once public; ticket holders of a ticketed Space), never the file itself.
/// </summary>
[GenerateSerializer, Immutable]
public sealed record RecordingView(
    [property: Id(0)] RecordingState State,
    [property: Id(1)] DateTimeOffset? StartedAt,
    [property: Id(2)] double? Duration,
    [property: Id(3)] string? Url,
    [property: Id(4)] bool Public);

/// <summary>One replay: a Space whose recording is ready, with where its file is.</summary>
[GenerateSerializer, Immutable]
public sealed record ReplayView(
    [property: Id(0)] string SpaceId,
    [property: Id(1)] string Title,
    [property: Id(2)] string HostId,
    [property: Id(3)] bool IsTicketed,
    [property: Id(4)] bool Public,
    [property: Id(5)] DateTimeOffset StartedAt,
    [property: Id(6)] double Duration,
    [property: Id(7)] string FileUrl);

/// <summary>Where clients fetch a replay: the gateway route that checks who may listen.</summary>
public static class Replays
{
    public static string PathOf(string spaceId) => $"/v1/spaces/{spaceId}/replay";
}
