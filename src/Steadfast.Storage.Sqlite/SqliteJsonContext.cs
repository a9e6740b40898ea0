using System.Text.Json.Serialization;

namespace Steadfast.Storage.Sqlite;

[JsonSerializable(typeof(IReadOnlyList<string>))]
[JsonSerializable(typeof(List<string>))]
[JsonSerializable(typeof(List<long>))]
internal sealed partial class SqliteJsonContext : JsonSerializerContext;
