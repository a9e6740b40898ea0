namespace Steadfast.Storage.Tests.Postgres;

/// <summary>
/// Marks a test class that needs the PostgreSQL server of <see cref="PostgresTestDatabase"/>: with
/// <c>STEADFAST_TEST_POSTGRES=skip</c> every test of the class, inherited ones included, is reported skipped
/// (<see cref="PostgresTestFramework"/>); otherwise the tests run and fail loudly when no server answers.
/// </summary>
[AttributeUsage(AttributeTargets.Class, Inherited = false)]
public sealed class RequiresPostgresAttribute : Attribute;
