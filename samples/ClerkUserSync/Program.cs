using ClerkUserSync.Hosting;

return await ClerkUserSyncApp.RunAsync(args);
