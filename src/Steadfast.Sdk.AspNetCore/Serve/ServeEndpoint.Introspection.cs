using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Steadfast.Protocol.Json;
using Steadfast.Protocol.Signing;
using Steadfast.Sdk.AspNetCore.Sync;

namespace Steadfast.Sdk.AspNetCore;

/// <summary>GET: the introspection body (reference §2.5).</summary>
internal sealed partial class ServeEndpoint
{
    private const string SchemaVersion = "2024-05-24";

    private async Task IntrospectAsync(HttpContext http)
    {
        // A GET is signed over the empty body.
        var key = Verify(http, [], out var verified);
        if (!verified)
        {
            await ServeResponse.UnauthorizedAsync(http).ConfigureAwait(false);
            return;
        }

        await ServeResponse.WriteJsonAsync(http, StatusCodes.Status200OK, w => WriteIntrospection(w, authenticated: key is not null), key, _time).ConfigureAwait(false);
    }

    /// <summary>
    /// Writes the introspection object: the short form in dev mode, the full form when a cloud-mode request carried a
    /// valid signature. Key order follows the official SDK.
    /// </summary>
    private void WriteIntrospection(Utf8JsonWriter w, bool authenticated)
    {
        w.WriteStartObject();
        w.WriteStartObject("extra");
        w.WriteBoolean("native_crypto", true);
        if (authenticated)
        {
            w.WriteBoolean("is_streaming", false);
        }

        w.WriteEndObject();
        w.WriteBoolean("has_event_key", _settings.EventKey is not null);
        w.WriteBoolean("has_signing_key", _settings.SigningKey is not null);
        w.WriteNumber("function_count", FunctionCount);
        w.WriteString("mode", _settings.Mode);
        w.WriteString("schema_version", SchemaVersion);
        if (authenticated)
        {
            w.WriteBoolean("authentication_succeeded", true);
            w.WriteString("api_origin", Origin(_settings.ApiBaseUrl));
            w.WriteString("app_id", _registry.AppId);
            w.WritePropertyName("capabilities");
            JsonSerializer.Serialize(w, FunctionConfigs.Capabilities(), ProtocolJsonContext.Default.DictionaryStringString);
            WriteStringOrNull(w, "env", _settings.Env);
            w.WriteString("event_api_origin", Origin(_settings.EventApiBaseUrl));
            WriteStringOrNull(w, "event_key_hash", _settings.EventKey is null ? null : SigningKey.EventKeyHash(_settings.EventKey));
            w.WriteString("framework", ServeHeaders.Framework);
            w.WriteString("sdk_language", SdkIdentity.Language);
            w.WriteString("sdk_version", SdkIdentity.Version);
            WriteStringOrNull(w, "serve_origin", _settings.ServeOrigin);
            WriteStringOrNull(w, "serve_path", _settings.ServePath);
            WriteStringOrNull(w, "signing_key_fallback_hash", KeyHash(_settings.SigningKeyFallback));
            WriteStringOrNull(w, "signing_key_hash", KeyHash(_settings.SigningKey));
        }

        w.WriteEndObject();
    }

    /// <summary>The first 12 hex characters of the hashed key, without prefix, as the official SDK reports it.</summary>
    private static string? KeyHash(SigningKey? key) => key is null ? null : SigningKey.HashSecret(key.Secret)[..12];

    private static string Origin(Uri uri) => uri.GetLeftPart(UriPartial.Authority);

    private static void WriteStringOrNull(Utf8JsonWriter w, string name, string? value)
    {
        if (value is null)
        {
            w.WriteNull(name);
        }
        else
        {
            w.WriteString(name, value);
        }
    }
}
