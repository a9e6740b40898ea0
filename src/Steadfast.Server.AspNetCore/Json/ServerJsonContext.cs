using System.Text.Json;
using System.Text.Json.Serialization;
using Steadfast.Protocol.Events;

namespace Steadfast.Server.AspNetCore;

[JsonSerializable(typeof(ErrorBody))]
[JsonSerializable(typeof(SendEventsResponse))]
[JsonSerializable(typeof(JsonElement))]
[JsonSerializable(typeof(Dictionary<string, string>))]
internal sealed partial class ServerJsonContext : JsonSerializerContext;
