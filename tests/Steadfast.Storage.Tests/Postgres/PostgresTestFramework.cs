using Xunit.Abstractions;
using Xunit.Sdk;

[assembly: TestFramework("Steadfast.Storage.Tests.Postgres.PostgresTestFramework", "Steadfast.Storage.Tests")]

namespace Steadfast.Storage.Tests.Postgres;

/// <summary>
/// xUnit's own framework, except that with <c>STEADFAST_TEST_POSTGRES=skip</c> the tests of classes marked
/// <see cref="RequiresPostgresAttribute"/> are discovered as skipped. A framework rather than a <c>[PostgresFact]</c>
/// attribute because the compliance suites' <c>[Fact]</c>s are inherited from backend-neutral base classes, and xUnit 2
/// has no skip decided at run time.
/// </summary>
public sealed class PostgresTestFramework(IMessageSink messageSink) : XunitTestFramework(messageSink)
{
    protected override ITestFrameworkDiscoverer CreateDiscoverer(IAssemblyInfo assemblyInfo) =>
        new Discoverer(assemblyInfo, SourceInformationProvider, DiagnosticMessageSink);

    private sealed class Discoverer(IAssemblyInfo assemblyInfo, ISourceInformationProvider sourceProvider, IMessageSink diagnosticMessageSink)
        : XunitTestFrameworkDiscoverer(assemblyInfo, sourceProvider, diagnosticMessageSink)
    {
        protected override bool FindTestsForMethod(ITestMethod testMethod, bool includeSourceInformation, IMessageBus messageBus, ITestFrameworkDiscoveryOptions discoveryOptions)
        {
            if (PostgresTestDatabase.Skipped
                && testMethod.TestClass.Class.GetCustomAttributes(typeof(RequiresPostgresAttribute)).Any()
                && testMethod.Method.GetCustomAttributes(typeof(FactAttribute)).Any())
            {
                var skipped = new XunitSkippedDataRowTestCase(DiagnosticMessageSink, discoveryOptions.MethodDisplayOrDefault(), discoveryOptions.MethodDisplayOptionsOrDefault(),
                    testMethod, $"{PostgresTestDatabase.Variable}=skip");
                return ReportDiscoveredTestCase(skipped, includeSourceInformation, messageBus);
            }

            return base.FindTestsForMethod(testMethod, includeSourceInformation, messageBus, discoveryOptions);
        }
    }
}
