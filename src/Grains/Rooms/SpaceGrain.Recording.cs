using Microsoft.Extensions.Logging;
using Spaces.Contracts;

namespace Spaces.Grains.Rooms;

/// <summary>
/// The Space's recording (product.md, "Recordings"): the host turns it on at creation or later, it runs from
/// go-live (or from being turned on while live) until it is turned off or the Space ends, and its file becomes
/// the replay, which the host may make public. One recording per Space, stored in <see cref="SpaceRecord.Recording"/>;
/// its file is the <see cref="EgressKind.File"/> egress, started and stopped on the Space's egress path (SpaceGrain.Egress).
/// A file egress that ends on its own is not restarted: what it wrote is the replay (or the recording failed, and the
/// host may turn it on again while live), so a Space never has two files.
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
        Space.Recording.EgressId = null;
        WantEgress(EgressKind.File);
    }

    /// <summary>Stops the file egress; the file arrives with its egress_ended. With no egress started or starting, nothing was recorded.</summary>
    private void FinishRecording()
    {
        var recording = Space.Recording!;
        var started = recording.EgressId is not null || Space.Egress.File.EgressId is not null || EgressStarts.InFlight(EgressKind.File);
        recording.State = started ? RecordingState.Processing : RecordingState.Failed;
        StopEgress(Space.Egress.File);
    }

    /// <summary>A file egress report: the recording starts, is written or fails. Stored (with its event) before the slot's own bookkeeping.</summary>
    private async Task ApplyRecordingReportAsync(EgressReport report)
    {
        var before = RecordingSummary();
        if (!TrackRecording(report))
        {
            return;
        }

        var after = RecordingSummary();
        await (before == after ? CommitAsync() : CommitAsync(new RecordingChanged(after)));
        LogRecording(_logger, SpaceId, after?.State, report.EgressId, report.Error);
    }

    /// <returns>Whether the stored recording changed.</returns>
    private bool TrackRecording(EgressReport report)
    {
        if (report is not { Kind: EgressKind.File } || Space.Recording is not { } recording)
        {
            return false;
        }

        if (report.EgressId is not { } egressId)
        {
            // Refused: while recording is wanted the egress path tries again; a stopped recording that never started failed.
            return recording is { State: RecordingState.Processing, EgressId: null } && Fail(recording);
        }

        var adopted = false;
        if (recording.EgressId is null && recording.State is RecordingState.Starting or RecordingState.Recording or RecordingState.Processing)
        {
            recording.EgressId = egressId;
            adopted = true;
        }

        if (recording.EgressId != egressId)
        {
            return false;
        }

        switch (report.Phase)
        {
            case EgressPhase.Active when recording.State == RecordingState.Starting:
                recording.State = RecordingState.Recording;
                recording.StartedAt = Time.GetUtcNow();
                return true;
            case EgressPhase.Complete when report.Location is { } location && recording.State != RecordingState.Ready:
                // Written: the replay. The slot lets go, so the egress path does not start another.
                Space.Egress.File.Wanted = false;
                recording.State = RecordingState.Ready;
                recording.FileUrl = location;
                recording.Duration = report.Duration;
                recording.StartedAt ??= Time.GetUtcNow() - report.Duration;
                return true;
            case EgressPhase.Complete or EgressPhase.Failed when recording.State != RecordingState.Ready:
                // Failed, aborted or cut by an egress limit: no complete file to replay.
                Space.Egress.File.Wanted = false;
                return Fail(recording);
            default:
                return adopted;
        }
    }

    private static bool Fail(RecordingRecord recording)
    {
        recording.State = RecordingState.Failed;
        return true;
    }

    private RecordingView? RecordingSummary() => Space.Recording is { } recording
        ? new RecordingView(
            recording.State,
            recording.StartedAt,
            recording.Duration?.TotalSeconds,
            recording.State == RecordingState.Ready ? Replays.PathOf(SpaceId) : null,
            recording.Public)
        : null;

    [LoggerMessage(Level = LogLevel.Information, Message = "Space {SpaceId}: recording {State} (file egress {EgressId}; error: {Error})")]
    private static partial void LogRecording(ILogger logger, string spaceId, RecordingState? state, string? egressId, string? error);
}
