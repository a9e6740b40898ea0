using System.Text.Json;
using Steadfast.Clerk.Svix;

namespace Steadfast.Clerk.Tests.Support;

/// <summary>One entry of signatures.json: a fixture file with its headers and the expected event.</summary>
internal sealed class FixtureEntry(JsonElement element)
{
    public string File => element.GetProperty("file").GetString()!;

    public string SvixId => element.GetProperty("svix_id").GetString()!;

    public string SvixTimestamp => element.GetProperty("svix_timestamp").GetString()!;

    public long TimestampSeconds => long.Parse(SvixTimestamp, System.Globalization.CultureInfo.InvariantCulture);

    public string Signature => element.GetProperty("svix_signature").GetString()!;

    public string RotationSignature => element.GetProperty("svix_signature_rotation").GetString()!;

    public string BodySha256 => element.GetProperty("body_sha256").GetString()!;

    public int BodyBytes => element.GetProperty("body_bytes").GetInt32();

    public string ExpectedName => element.GetProperty("expected_event").GetProperty("name").GetString()!;

    public string ExpectedId => element.GetProperty("expected_event").GetProperty("id").GetString()!;

    public long ExpectedTs => element.GetProperty("expected_event").GetProperty("ts").GetInt64();

    public byte[] Body => Fixtures.Bytes(File);

    public WebhookHeaders Headers(string? signature = null) => WebhookHeaders.FromSvix(SvixId, SvixTimestamp, signature ?? Signature);
}
