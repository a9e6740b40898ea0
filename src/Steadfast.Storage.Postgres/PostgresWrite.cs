using Npgsql;
using Steadfast.Engine.Storage;

namespace Steadfast.Storage.Postgres;

/// <summary>
/// The statements of one write request, sent with the rest of its group in one batch (one round trip). A request
/// never branches on its own results in C#: conditions live in SQL (guards raise <c>SF001</c> through
/// <c>sf_check</c>, conditional inserts hang off CTEs), so the whole group can be pipelined.
/// </summary>
internal sealed class PostgresWrite
{
    internal List<(NpgsqlBatchCommand Command, Action<NpgsqlDataReader>? Read)> Commands { get; } = [];

    /// <summary>
    /// Advisory-lock keys (<c>sf_lock</c>) the write decides on: the writer takes the keys of a whole group in one global
    /// order before its first statement, so groups of several nodes never deadlock on them and every decision under a
    /// key sees the committed result of the previous one.
    /// </summary>
    public List<string> LockKeys { get; } = [];

    /// <summary>True when the write makes work due: the commit sends a NOTIFY to wake the other nodes.</summary>
    public bool Notify { get; set; }

    /// <summary>
    /// True when append-only rows (history, events) are collected in <see cref="History"/> and <see cref="Events"/> and
    /// inserted with those of the whole group in one statement each, instead of one statement per request; false when
    /// the group is sent again request by request (a merged statement failed and its culprit must be found).
    /// </summary>
    public bool Merge { get; init; }

    /// <summary>History rows for the group's merged insert (see <see cref="Merge"/>).</summary>
    public List<HistoryEntry> History { get; } = [];

    /// <summary>Events for the group's merged insert (see <see cref="Merge"/>).</summary>
    public List<StoredEvent> Events { get; } = [];

    /// <summary>Stores <paramref name="events"/>: with the group's merged insert, or in a statement of this request's own.</summary>
    public void InsertEvents(List<StoredEvent> events) => Append(Events, events, PostgresStore.InsertEvents);

    /// <summary>Stores <paramref name="entries"/>: with the group's merged insert, or in a statement of this request's own.</summary>
    public void InsertHistory(List<HistoryEntry> entries) => Append(History, entries, PostgresStore.InsertHistory);

    private void Append<T>(List<T> merged, List<T> rows, Func<IReadOnlyCollection<T>, NpgsqlBatchCommand> statement)
    {
        if (rows.Count == 0)
        {
            return;
        }

        if (Merge)
        {
            merged.AddRange(rows);
        }
        else
        {
            Commands.Add((statement(rows), null));
        }
    }

    /// <summary>A statement that returns no rows.</summary>
    public NpgsqlBatchCommand Sql(string sql, params object?[] args)
    {
        var cmd = Command(sql, args);
        Commands.Add((cmd, null));
        return cmd;
    }

    /// <summary>A statement that returns rows (SELECT, RETURNING), read by <paramref name="read"/> after it ran.</summary>
    public void Rows(string sql, Action<NpgsqlDataReader> read, params object?[] args) => Commands.Add((Command(sql, args), read));

    /// <summary>A guard: a SELECT of <c>sf_check(...)</c> that aborts the request when false.</summary>
    public void Check(string sql, params object?[] args) => Rows(sql, static _ => { }, args);

    /// <summary>A statement with its parameters (also the writer's merged statements, owned by no request).</summary>
    internal static NpgsqlBatchCommand Command(string sql, params object?[] args)
    {
        var cmd = new NpgsqlBatchCommand(sql);
        foreach (var arg in args)
        {
            cmd.Parameters.Add(Parameter(arg));
        }

        return cmd;
    }

    /// <summary>An argument as a parameter; an <see cref="NpgsqlParameter"/> (see <see cref="Typed"/>) is taken as it is.</summary>
    internal static NpgsqlParameter Parameter(object? arg) => arg as NpgsqlParameter ?? new NpgsqlParameter { Value = arg ?? DBNull.Value };

    /// <summary>
    /// A parameter whose type does not depend on its value. Needed where an argument is sometimes null: an untyped null
    /// and a value give the same SQL two parameter signatures, and Npgsql then sends the statement unprepared (parsed,
    /// analyzed and planned on every execution — the run-update memo was, twice per three-step run).
    /// </summary>
    public static NpgsqlParameter Typed(object? value, NpgsqlTypes.NpgsqlDbType type) => new() { Value = value ?? DBNull.Value, NpgsqlDbType = type };
}
