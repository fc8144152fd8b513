using Microsoft.Extensions.Options;
using Spaces.LiveKit;

namespace Spaces.Gateway.Hosting;

/// <summary>
/// Whether LiveKit answered its last probe, logged on change only: one warning when it stops answering and one line
/// when it is back, however often readiness is probed, and never a stack trace (an outage is not a bug).
/// </summary>
internal sealed partial class LiveKitReachability(IOptions<LiveKitOptions> options, ILogger<LiveKitReachability> logger)
{
    private const int Unknown = 0;
    private const int Answering = 1;
    private const int Silent = 2;

    private int _state = Unknown;

    public void Answered()
    {
        if (Interlocked.Exchange(ref _state, Answering) == Silent)
        {
            LogBack(logger, options.Value.ResolveApiUrl());
        }
    }

    public void DidNotAnswer(string reason)
    {
        if (Interlocked.Exchange(ref _state, Silent) != Silent)
        {
            LogUnreachable(logger, options.Value.ResolveApiUrl(), reason);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning,
        Message = "LiveKit at {ApiUrl} does not answer ({Reason}). Spaces keep working without audio; their rooms catch up once LiveKit is back")]
    private static partial void LogUnreachable(ILogger logger, Uri apiUrl, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "LiveKit at {ApiUrl} answers again")]
    private static partial void LogBack(ILogger logger, Uri apiUrl);
}
