using ClerkUserSync.Data;

namespace ClerkUserSync.Hosting;

/// <summary>
/// Creates the users tables when the host starts — before the engine (registered after this) runs any function — so a
/// database that cannot be reached fails start-up with its own error instead of failing every run.
/// </summary>
internal sealed class UsersDatabaseSetup(UsersDatabase database) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken) => database.EnsureCreatedAsync(cancellationToken);

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
