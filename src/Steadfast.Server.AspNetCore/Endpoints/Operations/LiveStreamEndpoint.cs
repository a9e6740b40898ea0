using System.Buffers;
using System.Text;
using System.Text.Json;
using System.Threading.Channels;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Hosting;
using Steadfast.Engine;
using Steadfast.Engine.Storage;

namespace Steadfast.Server.AspNetCore.Endpoints.Operations;

/// <summary>
/// <c>GET /v1/stream</c>: Server-Sent Events from <see cref="EngineNotifications"/>. <c>event: events</c> carries
/// <c>{"event_ids": [...], "run_ids": [...]}</c> after events commit; <c>event: run</c> carries
/// <c>{"run_id", "status", "types": [history types]}</c> after a run transition. A comment line every 15 s keeps
/// proxies from closing the connection. Notifications are hints to refetch, not a log: when a slow client falls 512
/// messages behind, the oldest are dropped (the engine's committing thread never waits for a browser).
/// </summary>
internal static class LiveStreamEndpoint
{
    private static readonly TimeSpan Heartbeat = TimeSpan.FromSeconds(15);

    public static async Task StreamAsync(HttpContext http, EngineNotifications notifications, IHostApplicationLifetime lifetime, TimeProvider time)
    {
        var channel = Channel.CreateBounded<string>(new BoundedChannelOptions(512) { FullMode = BoundedChannelFullMode.DropOldest, SingleReader = true });

        void OnEvents(IReadOnlyList<string> eventIds, IReadOnlyList<string> runIds) =>
            channel.Writer.TryWrite(Message("events", w =>
            {
                w.WriteStartArray("event_ids");
                foreach (var id in eventIds)
                {
                    w.WriteStringValue(id);
                }

                w.WriteEndArray();
                w.WriteStartArray("run_ids");
                foreach (var id in runIds)
                {
                    w.WriteStringValue(id);
                }

                w.WriteEndArray();
            }));

        void OnRun(string runId, IReadOnlyList<HistoryEntry> history, RunStatus? status) =>
            channel.Writer.TryWrite(Message("run", w =>
            {
                w.WriteString("run_id", runId);
                w.WriteString("status", status?.ToString());
                w.WriteStartArray("types");
                foreach (var h in history)
                {
                    w.WriteStringValue(h.Type);
                }

                w.WriteEndArray();
            }));

        using var stop = CancellationTokenSource.CreateLinkedTokenSource(http.RequestAborted, lifetime.ApplicationStopping);
        http.Response.StatusCode = 200;
        http.Response.ContentType = "text/event-stream";
        http.Response.Headers.CacheControl = "no-cache, no-transform";
        http.Response.Headers["X-Accel-Buffering"] = "no";
        notifications.EventsCommitted += OnEvents;
        notifications.RunChanged += OnRun;
        try
        {
            await WriteAsync(http, "retry: 2000\nevent: hello\ndata: {}\n\n", stop.Token).ConfigureAwait(false);
            var reader = channel.Reader;
            var beat = Task.Delay(Heartbeat, time, stop.Token);
            while (!stop.IsCancellationRequested)
            {
                var wait = reader.WaitToReadAsync(stop.Token).AsTask();
                while (await Task.WhenAny(wait, beat).ConfigureAwait(false) == beat)
                {
                    await beat.ConfigureAwait(false);
                    await WriteAsync(http, ": keep-alive\n\n", stop.Token).ConfigureAwait(false);
                    beat = Task.Delay(Heartbeat, time, stop.Token);
                }

                if (!await wait.ConfigureAwait(false))
                {
                    break;
                }

                var sb = new StringBuilder();
                while (reader.TryRead(out var message) && sb.Length < 64 * 1024)
                {
                    sb.Append(message);
                }

                await WriteAsync(http, sb.ToString(), stop.Token).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException)
        {
            // The browser went away or the server is stopping.
        }
        finally
        {
            notifications.EventsCommitted -= OnEvents;
            notifications.RunChanged -= OnRun;
        }
    }

    private static string Message(string type, Action<Utf8JsonWriter> body)
    {
        var buffer = new ArrayBufferWriter<byte>(128);
        using (var w = new Utf8JsonWriter(buffer))
        {
            w.WriteStartObject();
            body(w);
            w.WriteEndObject();
        }

        return $"event: {type}\ndata: {Encoding.UTF8.GetString(buffer.WrittenSpan)}\n\n";
    }

    private static async Task WriteAsync(HttpContext http, string text, CancellationToken cancellationToken)
    {
        await http.Response.WriteAsync(text, cancellationToken).ConfigureAwait(false);
        await http.Response.Body.FlushAsync(cancellationToken).ConfigureAwait(false);
    }
}
