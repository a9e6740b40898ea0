using System.Text.Json.Serialization;

namespace Steadfast.Storage.Sqlite;

[JsonSerializable(typeof(IReadOnlyList<string>))]
internal sealed partial class SqliteJsonContext : JsonSerializerContext;
