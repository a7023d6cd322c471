using System.Data.Common;
using System.Runtime.CompilerServices;
using ColdEmail.Domain.Leads;
using ColdEmail.Domain.Routing;
using ColdEmail.Warehouse.Generation;
using ColdEmail.Warehouse.Schema;
using Npgsql;
using NpgsqlTypes;
using static ColdEmail.Warehouse.Postgres.PgRead;

namespace ColdEmail.Warehouse.Postgres;

/// <summary>Connections, transactions, commands and typed readers shared by the other parts.</summary>
public sealed partial class PostgresLeadWarehouse
{
    private async Task<(bool Erased, DomainSuppression? Domain)> ReadErasureAndDomainAsync(string normalised, CancellationToken ct)
    {
        var erased = await QueryAsync("explaining a lead", SqlText("plumbing/read_erasure_and_domain"),
            r => true, ct, ("hash", EmailIdentity.Sha256Hex(normalised))).ConfigureAwait(false);
        var at = normalised.LastIndexOf('@');
        if (at < 0) return (erased.Count > 0, null);
        var domain = await QueryAsync("explaining a lead", SqlText("plumbing/read_erasure_and_domain_2"),
            r => new DomainSuppression(r.GetString(0), r.GetString(1), Time(r, 2)!.Value), ct, ("domain", normalised[(at + 1)..])).ConfigureAwait(false);
        return (erased.Count > 0, domain.Count > 0 ? domain[0] : null);
    }

    private async Task<NpgsqlConnection> OpenAsync(CancellationToken ct)
    {
        try
        {
            return await _source.OpenConnectionAsync(ct).ConfigureAwait(false);
        }
        catch (NpgsqlException ex)
        {
            throw new WarehouseException($"Connecting to the PostgreSQL warehouse failed: {ex.Message}", ex);
        }
    }

    private Task InTransactionAsync(string what, Func<NpgsqlConnection, NpgsqlTransaction, Task> work, CancellationToken ct) =>
        InTransactionAsync<bool>(what, async (c, t) => { await work(c, t).ConfigureAwait(false); return true; }, ct);

    private async Task<T> InTransactionAsync<T>(string what, Func<NpgsqlConnection, NpgsqlTransaction, Task<T>> work, CancellationToken ct)
    {
        await using var conn = await OpenAsync(ct).ConfigureAwait(false);
        return await GuardAsync(what, async () =>
        {
            await using var tx = await conn.BeginTransactionAsync(ct).ConfigureAwait(false);
            await VerifyFenceAsync(conn, tx, ct).ConfigureAwait(false);
            var result = await work(conn, tx).ConfigureAwait(false);
            await tx.CommitAsync(ct).ConfigureAwait(false);
            return result;
        }, ct).ConfigureAwait(false);
    }

    /// <summary>One statement in its own transaction: the whole batch lands or nothing does.</summary>
    private Task ExecBatchAsync(string what, string sql, CancellationToken ct, params (string Name, object? Value)[] ps) =>
        InTransactionAsync(what, (conn, tx) => ExecAsync(conn, tx, sql, ct, ps), ct);

    private static async Task ExecAsync(NpgsqlConnection conn, NpgsqlTransaction tx, string sql, CancellationToken ct, params (string Name, object? Value)[] ps)
    {
        await using var cmd = Command(conn, tx, sql, ps);
        await cmd.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
    }

    private async Task<IReadOnlyList<T>> QueryAsync<T>(string what, string sql, Func<DbDataReader, T> read, CancellationToken ct,
        params (string Name, object? Value)[] ps)
    {
        await using var conn = await OpenAsync(ct).ConfigureAwait(false);
        return await GuardAsync(what, async () =>
        {
            await using var cmd = Command(conn, null, sql, ps);
            await using var r = await cmd.ExecuteReaderAsync(ct).ConfigureAwait(false);
            var list = new List<T>();
            while (await r.ReadAsync(ct).ConfigureAwait(false)) list.Add(read(r));
            return (IReadOnlyList<T>)list;
        }, ct).ConfigureAwait(false);
    }

    private static async Task<T> GuardAsync<T>(string what, Func<Task<T>> work, CancellationToken ct)
    {
        try
        {
            return await work().ConfigureAwait(false);
        }
        catch (PostgresException ex) when (!ct.IsCancellationRequested)
        {
            throw new WarehouseException($"PostgreSQL warehouse: {what} failed: {ex.MessageText} (SQLSTATE {ex.SqlState})", ex);
        }
        catch (NpgsqlException ex) when (!ct.IsCancellationRequested)
        {
            throw new WarehouseException($"PostgreSQL warehouse: {what} failed: {ex.Message}", ex);
        }
    }

    private static NpgsqlCommand Command(NpgsqlConnection conn, NpgsqlTransaction? tx, string sql, params (string Name, object? Value)[] ps)
    {
        var cmd = new NpgsqlCommand(sql, conn, tx);
        foreach (var (name, value) in ps) cmd.Parameters.Add(new NpgsqlParameter(name, value ?? DBNull.Value));
        return cmd;
    }

    private static string Normalise(string email) => ColdEmail.Domain.Leads.EmailIdentity.Key(email);
}
