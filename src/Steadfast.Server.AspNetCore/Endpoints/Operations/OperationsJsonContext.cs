using System.Text.Json;
using System.Text.Json.Serialization;

namespace Steadfast.Server.AspNetCore.Endpoints.Operations;

[JsonSerializable(typeof(Dictionary<string, JsonElement>))]
internal sealed partial class OperationsJsonContext : JsonSerializerContext;
