namespace Steadfast.ClerkUserSync.Tests;

/// <summary>The onboarding mail suite with users in PostgreSQL (a database for this class, a schema per test).</summary>
public sealed class PostgresOnboardingMailTests(PostgresUsers postgres) : OnboardingMailTests(postgres), IClassFixture<PostgresUsers>, IRequiresPostgres;
