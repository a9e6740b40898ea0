namespace Steadfast.ClerkUserSync.Tests;

/// <summary>The onboarding mail suite with users in the default SQLite file.</summary>
public sealed class SqliteOnboardingMailTests() : OnboardingMailTests(new SqliteUsers());
