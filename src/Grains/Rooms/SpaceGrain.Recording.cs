using Spaces.Contracts;

namespace Spaces.Grains.Rooms;

/// <summary>
/// The Space's recording (product.md, "Recordings"): the host turns it on at creation or later, it runs from
/// go-live (or from being turned on while live) until it is turned off or the Space ends, and its file becomes
/// the replay, which the host may make public. One recording per Space, stored in <see cref="SpaceRecord.Recording"/>.
/// </summary>
internal sealed partial class SpaceGrain
{
    public async Task<SpaceView> SetRecordingAsync(string actorId, bool on)
    {
        EnsureExists();
        EnsureHost(actorId);
        if (Space.State is SpaceState.Ended or SpaceState.Canceled)
        {
            throw WrongState(on ? "record" : "stop recording");
        }

        if (on ? TurnRecordingOn() : TurnRecordingOff())
        {
            await CommitAsync(new RecordingChanged(RecordingSummary()));
        }

        return View();
    }

    public async Task<SpaceView> SetReplayPublicAsync(string actorId, bool isPublic)
    {
        EnsureExists();
        EnsureHost(actorId);
        var recording = Space.Recording
            ?? throw SpacesException.Conflict(ErrorCodes.NotRecorded, "This Space has no recording: turn recording on first.");
        if (recording.Public != isPublic)
        {
            recording.Public = isPublic;
            await CommitAsync(new RecordingChanged(RecordingSummary()));
        }

        return View();
    }

    public Task<ReplayView> GetReplayAsync(string userId)
    {
        EnsureExists();
        if (Space.Recording is not { State: RecordingState.Ready } recording)
        {
            throw SpacesException.NotFound(ErrorCodes.ReplayNotFound, "This Space has no replay (yet).");
        }

        if (userId != Space.CreatorId)
        {
            if (!recording.Public)
            {
                throw SpacesException.Forbidden(ErrorCodes.ReplayNotPublic, "Only the host may listen to this replay until they make it public.");
            }

            // Whoever may not be in the Space may not hear its replay: removed users, and non-holders of a ticketed Space.
            if (RefusalOf(userId) is { } refusal)
            {
                throw refusal;
            }
        }

        return Task.FromResult(new ReplayView(
            SpaceId, Space.Title, Space.CreatorId, Space.Ticket is not null, recording.Public,
            recording.StartedAt ?? Space.StartedAt ?? Space.CreatedAt, recording.Duration?.TotalSeconds ?? 0, recording.FileUrl ?? ""));
    }

    /// <returns>Whether anything changed.</returns>
    private bool TurnRecordingOn()
    {
        switch (Space.Recording?.State)
        {
            case null or RecordingState.Failed when Space.State == SpaceState.Scheduled:
                Space.Recording = new RecordingRecord { State = RecordingState.Pending, Public = Space.Recording?.Public ?? false };
                return true;
            case null or RecordingState.Failed:
                Space.Recording = new RecordingRecord { Public = Space.Recording?.Public ?? false };
                BeginRecording();
                return true;
            case RecordingState.Processing or RecordingState.Ready:
                throw SpacesException.Conflict(ErrorCodes.WrongState, "This Space's recording is already made: a Space makes one recording.");
            default:
                return false;
        }
    }

    /// <returns>Whether anything changed.</returns>
    private bool TurnRecordingOff()
    {
        switch (Space.Recording?.State)
        {
            case RecordingState.Pending or RecordingState.Failed:
                Space.Recording = null;
                return true;
            case RecordingState.Starting or RecordingState.Recording:
                FinishRecording();
                return true;
            default:
                return false;
        }
    }

    /// <summary>Go-live: a recording asked for while scheduled starts now.</summary>
    private void BeginPendingRecording()
    {
        if (Space.Recording?.State == RecordingState.Pending)
        {
            BeginRecording();
        }
    }

    /// <summary>The end of the Space stops a running recording; a canceled Space never records.</summary>
    private void FinishRunningRecording()
    {
        switch (Space.Recording?.State)
        {
            case RecordingState.Starting or RecordingState.Recording:
                FinishRecording();
                break;
            case RecordingState.Pending:
                Space.Recording = null;
                break;
        }
    }

    private void BeginRecording()
    {
        Space.Recording!.State = RecordingState.Starting;
    }

    private void FinishRecording()
    {
        Space.Recording!.State = RecordingState.Processing;
    }

    private RecordingView? RecordingSummary() => Space.Recording is { } recording
        ? new RecordingView(
            recording.State,
            recording.StartedAt,
            recording.Duration?.TotalSeconds,
            recording.State == RecordingState.Ready ? Replays.PathOf(SpaceId) : null,
            recording.Public)
        : null;
}
