using Xunit.Abstractions;
using Xunit.Sdk;

namespace Steadfast.ClerkUserSync.Tests;

/// <summary>Marks a test class whose users live in PostgreSQL: its tests are skipped when <c>STEADFAST_TEST_POSTGRES=skip</c>.</summary>
public interface IRequiresPostgres;

/// <summary>
/// A fact of a suite written once for both users backends: skipped, with the reason shown, in a class that
/// <see cref="IRequiresPostgres"/> when <c>STEADFAST_TEST_POSTGRES=skip</c>. (Skip is decided per concrete class, which a
/// plain <c>[Fact(Skip = ...)]</c> on the shared base class cannot do.)
/// </summary>
[AttributeUsage(AttributeTargets.Method)]
[XunitTestCaseDiscoverer("Steadfast.ClerkUserSync.Tests.UsersFactDiscoverer", "Steadfast.ClerkUserSync.Tests")]
public sealed class UsersFactAttribute : FactAttribute;

/// <summary>The theory twin of <see cref="UsersFactAttribute"/>.</summary>
[AttributeUsage(AttributeTargets.Method)]
[XunitTestCaseDiscoverer("Steadfast.ClerkUserSync.Tests.UsersTheoryDiscoverer", "Steadfast.ClerkUserSync.Tests")]
public sealed class UsersTheoryAttribute : TheoryAttribute;

public sealed class UsersFactDiscoverer(IMessageSink diagnosticMessageSink) : FactDiscoverer(diagnosticMessageSink)
{
    public override IEnumerable<IXunitTestCase> Discover(ITestFrameworkDiscoveryOptions discoveryOptions, ITestMethod testMethod, IAttributeInfo factAttribute) =>
        UsersBackendSkip.Skipped(DiagnosticMessageSink, discoveryOptions, testMethod) ?? base.Discover(discoveryOptions, testMethod, factAttribute);
}

public sealed class UsersTheoryDiscoverer(IMessageSink diagnosticMessageSink) : TheoryDiscoverer(diagnosticMessageSink)
{
    public override IEnumerable<IXunitTestCase> Discover(ITestFrameworkDiscoveryOptions discoveryOptions, ITestMethod testMethod, IAttributeInfo theoryAttribute) =>
        UsersBackendSkip.Skipped(DiagnosticMessageSink, discoveryOptions, testMethod) ?? base.Discover(discoveryOptions, testMethod, theoryAttribute);
}

internal static class UsersBackendSkip
{
    public static IEnumerable<IXunitTestCase>? Skipped(IMessageSink sink, ITestFrameworkDiscoveryOptions options, ITestMethod method) =>
        PostgresUsers.Skipped && typeof(IRequiresPostgres).IsAssignableFrom(method.TestClass.Class.ToRuntimeType())
            ? [new XunitSkippedDataRowTestCase(sink, options.MethodDisplayOrDefault(), options.MethodDisplayOptionsOrDefault(), method, $"{PostgresUsers.Variable}=skip")]
            : null;
}
