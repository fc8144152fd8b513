using Spaces.LiveKit.Testing;

namespace Spaces.LiveKit.Tests.Oracle;

[CollectionDefinition(Name)]
public sealed class OracleCollection : ICollectionFixture<LiveKitOracle>
{
    public const string Name = "LiveKit oracle";
}
