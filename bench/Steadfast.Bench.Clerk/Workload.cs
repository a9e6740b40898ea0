using System.Globalization;
using System.Text;
using System.Text.Json;
using Steadfast.Clerk.Svix;

namespace Steadfast.Bench.Clerk;

/// <summary>
/// The two request kinds, with the same Clerk user as payload: a Clerk delivery (the reference's <c>user.created</c>
/// envelope, 2,226 bytes, signed with a unique svix-id each) and the event it maps to, sent to <c>POST /e/{key}</c>
/// with a unique id. Signatures are made before the run so the load generator does not spend the measured CPU on HMAC.
/// </summary>
internal sealed class Workload
{
    public const string Secret = "whsec_QUJDREVGR0hJSktMTU5PUFFSU1RVVldY";

    private Workload(byte[] envelope, string eventPrefix, string eventSuffix, (string Id, string Ts, string Signature)[] deliveries)
    {
        Envelope = envelope;
        EventPrefix = eventPrefix;
        EventSuffix = eventSuffix;
        Deliveries = deliveries;
    }

    public byte[] Envelope { get; }

    /// <summary>The plain event's JSON up to its id value; the id and <see cref="EventSuffix"/> complete it.</summary>
    public string EventPrefix { get; }

    public string EventSuffix { get; }

    public (string Id, string Ts, string Signature)[] Deliveries { get; }

    public static Workload Create(int count)
    {
        var envelope = Encoding.UTF8.GetBytes(EnvelopeJson);
        using var doc = JsonDocument.Parse(envelope);
        var data = doc.RootElement.GetProperty("data").GetRawText();
        var ts = doc.RootElement.GetProperty("timestamp").GetInt64();
        var secret = WebhookSecret.Parse(Secret);
        var now = TimeProvider.System.GetUtcNow().ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        var nowSeconds = long.Parse(now, CultureInfo.InvariantCulture);
        var deliveries = new (string, string, string)[count];
        Parallel.For(0, count, i =>
        {
            var id = "msg_bench" + i.ToString("D9", CultureInfo.InvariantCulture);
            deliveries[i] = (id, now, secret.Sign(id, nowSeconds, envelope));
        });
        var prefix = "{\"name\":\"clerk/user.created\",\"data\":" + data + ",\"ts\":" + ts.ToString(CultureInfo.InvariantCulture) + ",\"id\":\"";
        return new Workload(envelope, prefix, "\"}", deliveries);
    }

    // The reference fixture user.created.json (clerk-fixtures), sent byte for byte as the file is (the signature covers these exact bytes).
    private static string EnvelopeJson => File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "user.created.json"));
}
