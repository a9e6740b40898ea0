using Microsoft.Extensions.DependencyInjection;
using Steadfast.Server.AspNetCore;
using Steadfast.Server.AspNetCore.Webhooks;

namespace Steadfast.Server.Tests.Webhooks;

/// <summary>Sources are validated when the server is added, with every problem named; and the sources file format.</summary>
public sealed class SourceConfigurationTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("steadfast-webhook-config-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static InvalidOperationException Misconfigured(params WebhookSourceOptions[] sources) =>
        Assert.Throws<InvalidOperationException>(() => new ServiceCollection().AddSteadfastServer(o =>
        {
            o.SqliteDirectory = Path.GetTempPath();
            foreach (var source in sources)
            {
                o.WebhookSources.Add(source);
            }
        }));

    [Theory]
    [InlineData("whsec_not base64!", "signing secret #1 is unusable")]
    [InlineData("whpk_abc", "Asymmetric")]
    [InlineData("", "signing secret #1 is unusable")]
    public void AddServer_BadSecret_FailsNamingTheSourceWithoutEchoingTheSecret(string secret, string expected)
    {
        var error = Misconfigured(WebhookSourceOptions.Clerk("clerk", secret));

        Assert.Contains("webhook source 'clerk'", error.Message, StringComparison.Ordinal);
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
        if (secret.Length > 0)
        {
            Assert.DoesNotContain(secret, error.Message, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void AddServer_SvixWithoutSecret_FailsAskingForASecretOrExplicitNone()
    {
        var error = Misconfigured(new WebhookSourceOptions { Name = "stripe" });

        Assert.Contains("needs a signing secret", error.Message, StringComparison.Ordinal);
        Assert.Contains("none explicitly", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AddServer_SeveralProblems_AllListedAtOnce()
    {
        var missing = Path.Combine(_dir, "missing.js");
        var broken = Path.Combine(_dir, "broken.js");
        File.WriteAllText(broken, "function transform(evt) { return {");

        var error = Misconfigured(
            new WebhookSourceOptions { Name = "a", Verification = WebhookVerification.None, Transform = missing },
            new WebhookSourceOptions { Name = "b", Verification = WebhookVerification.None, Transform = broken },
            new WebhookSourceOptions { Name = "c", Verification = WebhookVerification.None, Transform = "clerck" },
            new WebhookSourceOptions { Name = "c", Verification = WebhookVerification.None },
            new WebhookSourceOptions { Name = "Bad Name", Verification = WebhookVerification.None },
            new WebhookSourceOptions { Name = "d", Verification = WebhookVerification.None, TransformScript = "var x = 1;" },
            new WebhookSourceOptions { Name = "e", Verification = WebhookVerification.None, MaxBodyBytes = 0 });

        Assert.Contains($"webhook source 'a': the transform file {missing} cannot be read", error.Message, StringComparison.Ordinal);
        Assert.Contains($"webhook source 'b': the transform file {broken} is not a usable transform: The transform script does not parse", error.Message, StringComparison.Ordinal);
        Assert.Contains("webhook source 'c': the transform 'clerck' is neither a built-in", error.Message, StringComparison.Ordinal);
        Assert.Contains("webhook source 'c': the name is used by another source", error.Message, StringComparison.Ordinal);
        Assert.Contains("webhook source 'Bad Name': the name must be", error.Message, StringComparison.Ordinal);
        Assert.Contains("webhook source 'd': the transform script is not a usable transform", error.Message, StringComparison.Ordinal);
        Assert.Contains("webhook source 'e': the body limit", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AddServer_SourceKeyEqualToAnEventKey_Fails()
    {
        var error = Assert.Throws<InvalidOperationException>(() => new ServiceCollection().AddSteadfastServer(o =>
        {
            o.EventKeys.Add("shared");
            o.WebhookSources.Add(new WebhookSourceOptions { Name = "a", Verification = WebhookVerification.None, Key = "shared" });
        }));

        Assert.Contains("also an event key", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void File_SourcesWithRelativeTransformAndSecretFromEnvironment_Loaded()
    {
        Directory.CreateDirectory(Path.Combine(_dir, "transforms"));
        var path = Path.Combine(_dir, "sources.json");
        File.WriteAllText(path, """
            {
              // Comments and trailing commas are fine.
              "sources": [
                { "name": "clerk", "secret_env": "TEST_CLERK_SECRETS", "transform": "clerk", "allowed_events": ["clerk/user.*"], "max_body_bytes": 4096 },
                { "name": "stripe", "verification": "none", "transform": "transforms/stripe.js", "key": "k1", "transform_timeout_ms": 250, "tolerance_seconds": 60, },
              ]
            }
            """);

        var sources = WebhookSourceFile.Load(path, name => name == "TEST_CLERK_SECRETS" ? "whsec_new, whsec_old" : null);

        Assert.Equal(2, sources.Count);
        Assert.Equal(["whsec_new", "whsec_old"], sources[0].SigningSecrets);
        Assert.Equal(("clerk", 4096, "clerk/user.*"), (sources[0].Transform, sources[0].MaxBodyBytes, sources[0].AllowedEvents.Single()));
        Assert.Equal(WebhookVerification.None, sources[1].Verification);
        Assert.Equal(Path.Combine(_dir, "transforms", "stripe.js"), sources[1].Transform);
        Assert.Equal(("k1", TimeSpan.FromMilliseconds(250), TimeSpan.FromSeconds(60)), (sources[1].Key, sources[1].TransformTimeout, sources[1].Tolerance));
    }

    [Theory]
    [InlineData("""{ "sources": [ { "name": "clerk", "secrest": ["whsec_x"] } ] }""", "unknown property \"secrest\"")]
    [InlineData("""{ "sources": [ { "verification": "none" } ] }""", "\"name\" is required")]
    [InlineData("""{ "sources": [ { "name": "a", "verification": "hmac" } ] }""", "\"verification\" must be \"svix\" or \"none\"")]
    [InlineData("""{ "sources": [ { "name": "a", "secret_env": "TEST_UNSET_VARIABLE" } ] }""", "TEST_UNSET_VARIABLE (secret_env) is not set")]
    [InlineData("""{ "sources": [ { "name": "a", "max_body_bytes": "big" } ] }""", "\"max_body_bytes\" must be a whole number")]
    [InlineData("""[ { "name": "a" } ]""", "expected an object with a \"sources\" array")]
    [InlineData("""{ "sources": [ """, "not valid JSON")]
    public void File_Invalid_FailsNamingFileSourceAndProblem(string json, string expected)
    {
        var path = Path.Combine(_dir, "sources.json");
        File.WriteAllText(path, json);

        var error = Assert.Throws<InvalidOperationException>(() => WebhookSourceFile.Load(path, _ => null));

        Assert.Contains(path, error.Message, StringComparison.Ordinal);
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }
}
