using Xunit.Abstractions;
using Spaces.Cluster.Tests.Infrastructure;
using Xunit.Sdk;

namespace Spaces.Providers.Tests.Infrastructure;

/// <summary>Marks a test class whose backend is MongoDB: its <see cref="BackendFactAttribute"/> tests need the server.</summary>
[AttributeUsage(AttributeTargets.Class)]
public sealed class RequiresMongoDBAttribute : Attribute;

/// <summary>
/// A fact about a backend. Written once in an abstract contract class, it runs for each concrete class (one per
/// backend); in a <see cref="RequiresMongoDBAttribute"/> class it is reported as skipped, with the variable to set,
/// when no MongoDB server is given.
/// </summary>
[XunitTestCaseDiscoverer("Spaces.Providers.Tests.Infrastructure.BackendFactDiscoverer", "Spaces.Providers.Tests")]
[AttributeUsage(AttributeTargets.Method)]
public sealed class BackendFactAttribute : FactAttribute;

public sealed class BackendFactDiscoverer(IMessageSink diagnosticMessageSink) : FactDiscoverer(diagnosticMessageSink)
{
    public override IEnumerable<IXunitTestCase> Discover(ITestFrameworkDiscoveryOptions discoveryOptions, ITestMethod testMethod, IAttributeInfo factAttribute)
    {
        if (MongoTestServer.Uri is null && testMethod.TestClass.Class.GetCustomAttributes(typeof(RequiresMongoDBAttribute)).Any())
        {
            return [new XunitSkippedDataRowTestCase(DiagnosticMessageSink, discoveryOptions.MethodDisplayOrDefault(),
                discoveryOptions.MethodDisplayOptionsOrDefault(), testMethod, MongoTestServer.SkipReason)];
        }

        return base.Discover(discoveryOptions, testMethod, factAttribute);
    }
}
