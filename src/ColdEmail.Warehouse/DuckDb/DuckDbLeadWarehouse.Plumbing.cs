using System.Data.Common;
using System.Runtime.CompilerServices;
using ColdEmail.Domain.Leads;
using ColdEmail.Domain.Routing;
using ColdEmail.Warehouse.Generation;
using ColdEmail.Warehouse.Schema;
using DuckDB.NET.Data;

namespace ColdEmail.Warehouse.DuckDb;

/// <summary>Connections, transactions, commands and typed readers shared by the other parts.</summary>
public sealed partial class DuckDbLeadWarehouse
{
    private DuckDBConnection Open() => _file.Open();

    private async Task WriteAsync(Action<DuckDBConnection> work, CancellationToken ct) =>
        await WriteAsync<bool>(conn => { work(conn); return true; }, ct).ConfigureAwait(false);

    private async Task<T> WriteAsync<T>(Func<DuckDBConnection, T> work, CancellationToken ct)
    {
        await _writeLock.WaitAsync(ct).ConfigureAwait(false);
        try
        {
            return await Task.Run(() =>
            {
                using var conn = Open();
                _fence?.Verify(conn, _time.GetUtcNow());
                return work(conn);
            }, ct).ConfigureAwait(false);
        }
        finally
        {
            _writeLock.Release();
        }
    }

    private Task<T> ReadAsync<T>(Func<DuckDBConnection, T> work, CancellationToken ct) =>
        Task.Run(() =>
        {
            using var conn = Open();
            // A read (the status page's, the drain's) beside campaigns reading their ranked ready sets runs at the lower
            // reading limit; one that does not fit there runs again at the whole limit.
            return ReadingMemory.OnceMoreAtTheWholeLimit(conn, () => work(conn));
        }, ct);

    private static void InTransaction(DuckDBConnection conn, Action work)
    {
        using var tx = conn.BeginTransaction();
        work();
        tx.Commit();
    }

    private static void Execute(DuckDBConnection conn, string sql)
    {
        using var cmd = Command(conn, sql);
        cmd.ExecuteNonQuery();
    }

    private static DuckDBCommand Command(DuckDBConnection conn, string sql, params (string Name, object? Value)[] parameters)
    {
        var cmd = conn.CreateCommand();
        cmd.CommandText = sql;
        foreach (var (name, value) in parameters) Add(cmd, name, value);
        return cmd;
    }

    private static void Add(DuckDBCommand cmd, string name, object? value) =>
        cmd.Parameters.Add(new DuckDBParameter(name, value ?? DBNull.Value));

    private static string Normalise(string email) => EmailIdentity.Key(email);

    // Column types are fixed by the view (DECIMAL(18,2), INTEGER, TIMESTAMP), so typed getters avoid boxing.
    private static Prospect ReadProspect(DbDataReader r, int o) => new(
        r.GetString(o),
        Str(r, o + 1), Str(r, o + 2), Str(r, o + 3), Str(r, o + 4),
        r.IsDBNull(o + 5) ? null : r.GetDecimal(o + 5),
        r.IsDBNull(o + 6) ? null : r.GetInt32(o + 6),
        r.IsDBNull(o + 7) ? null : r.GetInt32(o + 7),
        r.IsDBNull(o + 8) ? null : r.GetDecimal(o + 8),
        Time(r, o + 9), Str(r, o + 10), Str(r, o + 11),
        r.IsDBNull(o + 12) ? 0 : r.GetInt32(o + 12));

    private static string? Str(DbDataReader r, int i) => r.IsDBNull(i) ? null : r.GetString(i);
    private static int? Int(DbDataReader r, int i) => r.IsDBNull(i) ? null : Convert.ToInt32(r.GetValue(i));
    private static long? Long(DbDataReader r, int i) => r.IsDBNull(i) ? null : Convert.ToInt64(r.GetValue(i));
    private static decimal? Dec(DbDataReader r, int i) => r.IsDBNull(i) ? null : Convert.ToDecimal(r.GetValue(i));

    private static DateTimeOffset? Time(DbDataReader r, int i) =>
        r.IsDBNull(i) ? null : new DateTimeOffset(DateTime.SpecifyKind(r.GetDateTime(i), DateTimeKind.Utc));

    private static (bool Erased, DomainSuppression? Domain) ReadErasureAndDomain(DuckDBConnection conn, string normalised)
    {
        bool erased;
        using (var cmd = Command(conn, SqlText("plumbing/static"),
            ("hash", EmailIdentity.Sha256Hex(normalised))))
        {
            erased = Convert.ToInt64(cmd.ExecuteScalar()) > 0;
        }
        var at = normalised.LastIndexOf('@');
        if (at < 0) return (erased, null);
        using var dom = Command(conn, SqlText("plumbing/static_2"),
            ("domain", normalised[(at + 1)..]));
        using var r = dom.ExecuteReader();
        return (erased, r.Read() ? new DomainSuppression(r.GetString(0), r.GetString(1), Time(r, 2)!.Value) : null);
    }
}
