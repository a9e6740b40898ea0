using System.Data.Common;
using ClerkUserSync.Data;

namespace ClerkUserSync.Hosting;

/// <summary>
/// Creates the users tables when the host starts — before the engine (registered after this) runs any function — so a
/// database that cannot be reached fails start-up with a message naming the setting instead of failing every run.
/// </summary>
internal sealed class UsersDatabaseSetup(UsersDatabase database) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        try
        {
            await database.EnsureCreatedAsync(cancellationToken);
        }
        catch (Exception e) when (e is DbException or System.Net.Sockets.SocketException or TimeoutException)
        {
            throw new InvalidOperationException($"The users database ({database.Description}; --users-db/USERS_DATABASE_URL) could not be set up: {e.Message}", e);
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
