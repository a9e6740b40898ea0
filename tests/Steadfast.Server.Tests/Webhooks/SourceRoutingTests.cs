using System.Collections.Concurrent;
using System.Reflection;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Steadfast.Engine.Storage;
using Steadfast.Server.AspNetCore;
using Steadfast.Server.AspNetCore.Webhooks;
using Steadfast.Server.Tests.Support;
using Steadfast.Storage.Sqlite;

namespace Steadfast.Server.Tests.Webhooks;

/// <summary>How deliveries reach sources: unknown names, source keys on <c>/e/{key}</c>, start mode, commit failures.</summary>
public sealed class SourceRoutingTests
{
    private const string SigningKey = "signkey-prod-0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";

    [Fact]
    public async Task Post_UnknownSource_404NamingItAndCounted()
    {
        await using var server = await ServerHost.StartAsync(o => o.WebhookSources.Add(WebhookSourceOptions.Clerk("clerk", ClerkFixtures.Secret)));

        var answer = await server.Client.DeliverAsync(WebhookRequests.Signed("/webhooks/stripe", ClerkFixtures.Body("user.created.json"), "msg_404"));

        Assert.Equal((404, "UnknownSource"), (answer.Status, answer.Reason));
        Assert.Contains("stripe", answer.Text, StringComparison.Ordinal);
        Assert.Equal(1, server.Services.GetRequiredService<Clerk.AspNetCore.IWebhookSourceDirectory>().UnknownSourceRequests);
        server.DeleteFiles();
    }

    [Fact]
    public async Task Post_SourceKeyOnEventApi_RoutedToTheSourceWhileOtherKeysStayPlainEvents()
    {
        await using var server = await ServerHost.StartAsync(o =>
        {
            var clerk = WebhookSourceOptions.Clerk("clerk", ClerkFixtures.Secret);
            clerk.Key = "clerk-hook-key";
            o.WebhookSources.Add(clerk);
        });

        var viaKey = await server.Client.DeliverAsync(WebhookRequests.Signed("/e/clerk-hook-key", ClerkFixtures.Body("user.created.json"), "msg_via_key"));
        var plain = await server.SendEventAsync("app/plain");

        Assert.True(viaKey.Status == 200, viaKey.ToString());
        Assert.Equal("clerk/user.created", (await server.Store.GetEventAsync(viaKey.Ids[0]))!.Name);
        Assert.Equal("app/plain", (await server.Store.GetEventAsync(plain.GetProperty("ids")[0].GetString()!))!.Name);
        var unsigned = await server.Client.DeliverAsync(WebhookRequests.Unsigned("/e/clerk-hook-key", ClerkFixtures.Body("user.created.json")));
        Assert.Equal(401, unsigned.Status);
        server.DeleteFiles();
    }

    [Fact]
    public async Task StartMode_SourcesNeedNoEventKey_AndAnUnverifiedSourceIsWarnedAboutAtStartUp()
    {
        var logs = new LogCapture();
        await using var server = await ServerHost.StartAsync(
            o =>
            {
                o.Mode = ServerMode.Start;
                o.SigningKey = SigningKey;
                o.EventKeys.Add("real-event-key");
                o.WebhookSources.Add(WebhookSourceOptions.Clerk("clerk", ClerkFixtures.Secret));
                o.WebhookSources.Add(new WebhookSourceOptions { Name = "open", Verification = WebhookVerification.None });
            },
            services: s => s.AddSingleton<ILoggerProvider>(logs));

        var answer = await server.Client.DeliverAsync(WebhookRequests.Signed("/webhooks/clerk", ClerkFixtures.Body("user.created.json"), "msg_start"));
        var eventApi = await server.Client.DeliverAsync(WebhookRequests.Unsigned("/e/not-a-key", "{\"name\":\"x/y\"}"u8.ToArray()));

        Assert.True(answer.Status == 200, answer.ToString());
        Assert.Equal(401, eventApi.Status);
        var warning = Assert.Single(logs.Entries, e => e.EventId == 5111);
        Assert.Equal(LogLevel.Warning, warning.Level);
        Assert.Contains("open", warning.Message, StringComparison.Ordinal);
        server.DeleteFiles();
    }

    [Fact]
    public async Task Post_CommitFails_500CommitFailedAndRecorded()
    {
        var dir = Path.Combine(Path.GetTempPath(), "steadfast-server-tests", Guid.NewGuid().ToString("N"));
        await using var server = await ServerHost.StartAsync(
            o => o.WebhookSources.Add(WebhookSourceOptions.Clerk("clerk", ClerkFixtures.Secret)),
            dir,
            s => s.AddSingleton<IEngineStore>(_ => FailingCommitStore.Wrap(new SqliteStore(new SqliteStoreOptions { Path = Path.Combine(dir, "steadfast.db") }))));

        var answer = await server.Client.DeliverAsync(WebhookRequests.Signed("/webhooks/clerk", ClerkFixtures.Body("user.created.json"), "msg_commit_fails"));

        Assert.Equal((500, "CommitFailed"), (answer.Status, answer.Reason));
        var log = server.Services.GetRequiredService<Clerk.AspNetCore.IWebhookSourceDirectory>().Sources[0].Deliveries;
        Assert.Equal(1, log.Count(Clerk.AspNetCore.WebhookDeliveryOutcome.Failed));
        Assert.Equal("msg_commit_fails", log.RecentRejections()[0].SvixId);
        server.DeleteFiles();
    }

    /// <summary>The real store, except that committing events throws (a full disk, a lost database).</summary>
    public class FailingCommitStore : DispatchProxy
    {
        private IEngineStore _inner = null!;

        public static IEngineStore Wrap(IEngineStore inner)
        {
            var proxy = Create<IEngineStore, FailingCommitStore>();
            ((FailingCommitStore)(object)proxy)._inner = inner;
            return proxy;
        }

        protected override object? Invoke(MethodInfo? targetMethod, object?[]? args) =>
            targetMethod!.Name == nameof(IEngineStore.CommitEventsAsync)
                ? Task.FromException<EventCommitResult>(new IOException("disk full"))
                : targetMethod.Invoke(_inner, args);
    }

    private sealed class LogCapture : ILoggerProvider
    {
        public ConcurrentBag<(int EventId, LogLevel Level, string Message)> Entries { get; } = [];

        public ILogger CreateLogger(string categoryName) => new Logger(this);

        public void Dispose()
        {
        }

        private sealed class Logger(LogCapture owner) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state)
                where TState : notnull => null;

            public bool IsEnabled(LogLevel logLevel) => true;

            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
                owner.Entries.Add((eventId.Id, logLevel, formatter(state, exception)));
        }
    }
}
