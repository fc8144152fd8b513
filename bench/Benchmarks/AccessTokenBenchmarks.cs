using BenchmarkDotNet.Attributes;
using Microsoft.Extensions.Options;
using Spaces.LiveKit;
using Spaces.LiveKit.Tokens;

namespace Spaces.Benchmarks;

/// <summary>Every join mints a LiveKit participant token: an HMAC-SHA256 JWT with the role's grants.</summary>
[MemoryDiagnoser]
public class AccessTokenBenchmarks
{
    private readonly AccessTokenIssuer _issuer = new(Options.Create(new LiveKitOptions()), TimeProvider.System);
    private readonly VideoGrant _listenerGrant = new() { RoomJoin = true, Room = "abcdefghijklm", CanSubscribe = true, CanPublish = false, CanPublishData = false };

    [Benchmark]
    public string MintListenerToken() => _issuer.CreateToken("listener-0001", _listenerGrant, name: "Listener");
}
