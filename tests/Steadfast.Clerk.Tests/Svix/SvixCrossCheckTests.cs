using System.Globalization;
using System.Text;
using Steadfast.Clerk.Svix;
using Steadfast.Clerk.Tests.Support;

namespace Steadfast.Clerk.Tests.Svix;

/// <summary>Signatures made here verify in the official svix npm package and the other way round.</summary>
public sealed class SvixCrossCheckTests
{
    private static readonly string[] Payloads =
    [
        "{\"test\": 2432232314}",
        "{}",
        "",
        "{\"name\":\"Zoë Ŝmith\",\"emoji\":\"🦀🔐\",\"cjk\":\"漢字\"}",
        "not json at all",
        "line one\nline two\r\n\ttabbed",
        new string('a', 70_000),
    ];

    [SvixNodeFact]
    public async Task Verify_SignaturesMadeBySvixNpm_VerifyInCSharp()
    {
        var cases = Payloads.Select((payload, i) => (object)new
        {
            op = "sign",
            secret = Fixtures.Secret,
            id = $"msg_js_{i}",
            timestamp = 1_741_946_402L + i,
            payload,
        }).ToList();

        var results = await SvixNode.RunAsync(cases);

        for (var i = 0; i < Payloads.Length; i++)
        {
            var timestamp = 1_741_946_402L + i;
            var verifier = new SvixSignatureVerifier(Fixtures.Secret, timeProvider: Clock.At(timestamp));
            var headers = WebhookHeaders.FromSvix($"msg_js_{i}", timestamp.ToString(CultureInfo.InvariantCulture), results[i].GetProperty("signature").GetString()!);
            var result = verifier.Verify(Encoding.UTF8.GetBytes(Payloads[i]), headers);
            Assert.True(result.IsValid, $"payload #{i}: {result}");
        }
    }

    [SvixNodeFact]
    public async Task Sign_CSharpSignaturesOfPayloadsAndFixtures_VerifyInSvixNpmAndMatchItsOwn()
    {
        var inputs = Payloads.Select((p, i) => (Id: $"msg_cs_{i}", Timestamp: 1_614_265_330L + i, Payload: p))
            .Concat(Fixtures.Entries.Select(e => (Id: e.SvixId, Timestamp: e.TimestampSeconds, Payload: Encoding.UTF8.GetString(e.Body))))
            .ToList();
        var secret = WebhookSecret.Parse(Fixtures.Secret);
        var signatures = inputs.Select(x => secret.Sign(x.Id, x.Timestamp, Encoding.UTF8.GetBytes(x.Payload))).ToList();
        var cases = new List<object>();
        for (var i = 0; i < inputs.Count; i++)
        {
            var (id, timestamp, payload) = inputs[i];
            cases.Add(new { op = "verify", secret = Fixtures.Secret, payload, now = timestamp, headers = SvixHeaders(id, timestamp, signatures[i]) });
            cases.Add(new { op = "sign", secret = Fixtures.Secret, id, timestamp, payload });
        }

        var results = await SvixNode.RunAsync(cases);

        for (var i = 0; i < inputs.Count; i++)
        {
            Assert.True(results[2 * i].GetProperty("ok").GetBoolean(), $"{inputs[i].Id}: {results[2 * i]}");
            Assert.Equal(signatures[i], results[(2 * i) + 1].GetProperty("signature").GetString());
        }
    }

    [SvixNodeFact]
    public async Task Verify_EdgeCases_CSharpAndSvixNpmAgree()
    {
        var entry = Fixtures.Entry("user.created.json");
        var body = Encoding.UTF8.GetString(entry.Body);
        var t = entry.TimestampSeconds;
        var flipped = entry.Signature[..10] + (entry.Signature[10] == 'A' ? 'B' : 'A') + entry.Signature[11..];
        (string Name, bool Expected, string Body, long Now, Dictionary<string, string> Headers)[] cases =
        [
            ("valid", true, body, t, SvixHeaders(entry.SvixId, t, entry.Signature)),
            ("now=T+300", true, body, t + 300, SvixHeaders(entry.SvixId, t, entry.Signature)),
            ("now=T+301", false, body, t + 301, SvixHeaders(entry.SvixId, t, entry.Signature)),
            ("now=T-300", true, body, t - 300, SvixHeaders(entry.SvixId, t, entry.Signature)),
            ("now=T-301", false, body, t - 301, SvixHeaders(entry.SvixId, t, entry.Signature)),
            ("tampered body", false, body.Replace("Ada", "Eve", StringComparison.Ordinal), t, SvixHeaders(entry.SvixId, t, entry.Signature)),
            ("flipped signature", false, body, t, SvixHeaders(entry.SvixId, t, flipped)),
            ("rotation", true, body, t, SvixHeaders(entry.SvixId, t, entry.RotationSignature)),
            ("v1a only", false, body, t, SvixHeaders(entry.SvixId, t, "v1a" + entry.Signature[2..])),
            ("unbranded", true, body, t, new() { ["webhook-id"] = entry.SvixId, ["webhook-timestamp"] = entry.SvixTimestamp, ["webhook-signature"] = entry.Signature }),
            ("missing id", false, body, t, new() { ["svix-timestamp"] = entry.SvixTimestamp, ["svix-signature"] = entry.Signature }),
            ("non-numeric timestamp", false, body, t, SvixHeaders(entry.SvixId, "hello", entry.Signature)),
        ];

        var results = await SvixNode.RunAsync(cases.Select(c => (object)new { op = "verify", secret = Fixtures.Secret, payload = c.Body, now = c.Now, headers = c.Headers }));

        for (var i = 0; i < cases.Length; i++)
        {
            var (name, expected, caseBody, now, headers) = cases[i];
            var verifier = new SvixSignatureVerifier(Fixtures.Secret, timeProvider: Clock.At(now));
            var csharp = verifier.Verify(Encoding.UTF8.GetBytes(caseBody), WebhookHeaders.From(headers.Select(h => new KeyValuePair<string, string?>(h.Key, h.Value))));
            Assert.True(expected == csharp.IsValid, $"{name}: C# {csharp}");
            Assert.True(expected == results[i].GetProperty("ok").GetBoolean(), $"{name}: svix {results[i]}");
        }
    }

    private static Dictionary<string, string> SvixHeaders(string id, long timestamp, string signature) =>
        SvixHeaders(id, timestamp.ToString(CultureInfo.InvariantCulture), signature);

    private static Dictionary<string, string> SvixHeaders(string id, string timestamp, string signature) =>
        new() { ["svix-id"] = id, ["svix-timestamp"] = timestamp, ["svix-signature"] = signature };
}
