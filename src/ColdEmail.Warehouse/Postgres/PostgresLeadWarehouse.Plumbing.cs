using System.Data.Common;
using ColdEmail.Warehouse.Generation;
using Npgsql;
using NpgsqlTypes;

namespace ColdEmail.Warehouse.Postgres;

/// <summary>Connections, transactions, parameters, and turning engine errors into <see cref="WarehouseException"/>.</summary>
public sealed partial class PostgresLeadWarehouse
{
    /// <summary>Bulk-loads raw rows into <c>eligible_leads</c> with binary COPY in one transaction (demo, tests, benchmarks).</summary>
    public Task<long> LoadEligibleLeadsAsync(IEnumerable<EligibleLeadRow> rows, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(rows);
        var loadedAt = _time.GetUtcNow().UtcDateTime;
        return InTransactionAsync("loading eligible_leads", async (conn, _) =>
        {
            long count = 0;
            await using var copy = await conn.BeginBinaryImportAsync(
                "COPY eligible_leads (email, merchant_name, platform_domain, domain, state, country_code, estimated_sales_yearly, " +
                "employee_count, product_count, avg_price, klaviyo_installed_at, timezone, industry, loaded_at) FROM STDIN (FORMAT BINARY)", ct)
                .ConfigureAwait(false);
            foreach (var r in rows)
            {
                await copy.StartRowAsync(ct).ConfigureAwait(false);
                await copy.WriteAsync(r.Email, NpgsqlDbType.Text, ct).ConfigureAwait(false);
                await copy.WriteAsync(r.MerchantName, NpgsqlDbType.Text, ct).ConfigureAwait(false);
                await copy.WriteAsync(r.PlatformDomain, NpgsqlDbType.Text, ct).ConfigureAwait(false);
                await copy.WriteAsync(r.Domain, NpgsqlDbType.Text, ct).ConfigureAwait(false);
                await copy.WriteAsync(r.State, NpgsqlDbType.Text, ct).ConfigureAwait(false);
                await copy.WriteAsync(r.CountryCode, NpgsqlDbType.Text, ct).ConfigureAwait(false);
                await copy.WriteAsync(r.EstimatedSalesYearly, NpgsqlDbType.Numeric, ct).ConfigureAwait(false);
                await copy.WriteAsync(r.EmployeeCount, NpgsqlDbType.Integer, ct).ConfigureAwait(false);
                await copy.WriteAsync(r.ProductCount, NpgsqlDbType.Integer, ct).ConfigureAwait(false);
                await copy.WriteAsync(r.AvgPrice, NpgsqlDbType.Numeric, ct).ConfigureAwait(false);
                await copy.WriteAsync(r.KlaviyoInstalledAt?.UtcDateTime, NpgsqlDbType.TimestampTz, ct).ConfigureAwait(false);
                await copy.WriteAsync(r.Timezone, NpgsqlDbType.Text, ct).ConfigureAwait(false);
                await copy.WriteAsync(r.Industry, NpgsqlDbType.Text, ct).ConfigureAwait(false);
                await copy.WriteAsync(loadedAt, NpgsqlDbType.TimestampTz, ct).ConfigureAwait(false);
                count++;
            }
            await copy.CompleteAsync(ct).ConfigureAwait(false);
            return count;
        }, ct);
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
