using Npgsql;

namespace ClerkUserSync.Data;

/// <summary>
/// <c>postgres://user:password@host:port/database?sslmode=require</c> (the form hosting providers hand out) as an Npgsql
/// connection string, which Npgsql does not parse itself. Percent-escapes in the user, password and database are
/// decoded; query parameters become connection string keywords (libpq names mapped where Npgsql spells them otherwise,
/// plus <c>search_path</c>).
/// </summary>
public static class PostgresUrl
{
    private static readonly Dictionary<string, string> Keywords = new(StringComparer.OrdinalIgnoreCase)
    {
        ["sslmode"] = "SSL Mode",
        ["connect_timeout"] = "Timeout",
        ["application_name"] = "Application Name",
        ["options"] = "Options",
        ["search_path"] = "Search Path",
    };

    /// <summary>Whether <paramref name="value"/> starts with <c>postgres://</c> or <c>postgresql://</c>.</summary>
    public static bool IsUrl(string value) =>
        value.StartsWith("postgres://", StringComparison.OrdinalIgnoreCase) || value.StartsWith("postgresql://", StringComparison.OrdinalIgnoreCase);

    /// <summary>Converts the URL.</summary>
    /// <exception cref="UriFormatException">It is not a URL.</exception>
    /// <exception cref="ArgumentException">A query parameter is not a connection string keyword.</exception>
    public static string ToConnectionString(string url)
    {
        var uri = new Uri(url);
        var user = uri.UserInfo.Split(':', 2);
        var builder = new NpgsqlConnectionStringBuilder
        {
            Host = uri.Host,
            Port = uri.IsDefaultPort || uri.Port < 0 ? 5432 : uri.Port,
            Username = user[0].Length > 0 ? Uri.UnescapeDataString(user[0]) : null,
            Password = user.Length > 1 ? Uri.UnescapeDataString(user[1]) : null,
            Database = uri.AbsolutePath.Trim('/') is { Length: > 0 } db ? Uri.UnescapeDataString(db) : null,
        };
        foreach (var parameter in uri.Query.TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var (name, value) = parameter.IndexOf('=', StringComparison.Ordinal) is var eq and >= 0
                ? (Uri.UnescapeDataString(parameter[..eq]), Uri.UnescapeDataString(parameter[(eq + 1)..]))
                : (Uri.UnescapeDataString(parameter), "");
            builder[Keywords.GetValueOrDefault(name, name)] = value;
        }

        return builder.ConnectionString;
    }
}
