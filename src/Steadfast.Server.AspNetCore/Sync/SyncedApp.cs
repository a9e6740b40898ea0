using Steadfast.Protocol.Sync;

namespace Steadfast.Server.AspNetCore.Sync;

/// <summary>An app as the server currently runs it.</summary>
internal sealed record SyncedApp(string AppId, string Url, string Sdk, string Framework, string Checksum, IReadOnlyList<FunctionConfig> Functions, long SyncedAt);
