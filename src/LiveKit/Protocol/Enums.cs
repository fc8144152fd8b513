namespace Spaces.LiveKit.Protocol;

// Member order matches the proto enum numbers (livekit_models.proto).

public enum TrackSource
{
    Unknown = 0,
    Camera = 1,
    Microphone = 2,
    ScreenShare = 3,
    ScreenShareAudio = 4,
}

public enum TrackType
{
    Audio = 0,
    Video = 1,
    Data = 2,
}

public enum ParticipantState
{
    Joining = 0,
    Joined = 1,
    Active = 2,
    Disconnected = 3,
}
