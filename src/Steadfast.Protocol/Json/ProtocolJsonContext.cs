using System.Text.Json;
using System.Text.Json.Serialization;
using Steadfast.Protocol.Calls;
using Steadfast.Protocol.Events;
using Steadfast.Protocol.Sync;

namespace Steadfast.Protocol.Json;

/// <summary>Source-generated JSON metadata for every wire type.</summary>
[JsonSourceGenerationOptions(DefaultIgnoreCondition = JsonIgnoreCondition.Never)]
[JsonSerializable(typeof(CallRequest))]
[JsonSerializable(typeof(Opcode))]
[JsonSerializable(typeof(List<Opcode>))]
[JsonSerializable(typeof(SerializedError))]
[JsonSerializable(typeof(EventPayload))]
[JsonSerializable(typeof(List<EventPayload>))]
[JsonSerializable(typeof(SendEventsResponse))]
[JsonSerializable(typeof(JsonElement))]
[JsonSerializable(typeof(Dictionary<string, JsonElement>))]
[JsonSerializable(typeof(RegisterRequest))]
[JsonSerializable(typeof(RegisterResponse))]
[JsonSerializable(typeof(InBandSyncResponse))]
[JsonSerializable(typeof(FunctionConfig))]
[JsonSerializable(typeof(List<FunctionConfig>))]
public sealed partial class ProtocolJsonContext : JsonSerializerContext;
