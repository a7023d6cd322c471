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

/// <summary>
/// The PostgreSQL warehouse. PostgreSQL serialises concurrent writers itself, so there is no writer lock here:
/// each batch is one transaction whose rows travel as parameter arrays (unnest), never as spliced SQL text.
/// The session time zone is pinned to UTC so DATE casts and reports mean UTC days whatever the server says.
/// </summary>
public sealed partial class PostgresLeadWarehouse : ILeadWarehouse, IAsyncDisposable, IDisposable
{
    /// <summary>A statement of <c>sql/postgres/queries/</c> with its placeholders filled (<see cref="SqlQueries"/>).</summary>
    private static string SqlText(string name, params (string Name, object? Value)[] holes) => SqlQueries.Render(SqlScripts.Postgres, name, holes);

    private readonly NpgsqlDataSource _source;
    private readonly TimeProvider _time;
    private readonly CampaignRouting _routing;
    private readonly bool _verificationEnabled;

    public PostgresLeadWarehouse(PostgresWarehouseOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (string.IsNullOrWhiteSpace(options.ConnectionString))
            throw new ArgumentException("The PostgreSQL warehouse needs a connection string", nameof(options));
        _time = options.TimeProvider ?? TimeProvider.System;
        _routing = options.Routing ?? CampaignRouting.Default;
        _verificationEnabled = options.VerificationEnabled;
        NpgsqlConnectionStringBuilder csb;
        try
        {
            csb = new NpgsqlConnectionStringBuilder(options.ConnectionString);
        }
        catch (ArgumentException)
        {
            // The engine's message can echo part of the string, which may hold the password.
            throw new ArgumentException("The PostgreSQL connection string is not valid (check its keywords)", nameof(options));
        }
        csb.Timezone = "UTC";
        _source = NpgsqlDataSource.Create(csb);
    }

    public void Dispose() => _source.Dispose();

    public ValueTask DisposeAsync() => _source.DisposeAsync();

    /// <summary>Attempts of the schema transaction when PostgreSQL picks it as a deadlock's victim.</summary>
    internal const int SchemaAttempts = 5;

    /// <summary>
    /// Creates or updates the schema. A node restarting while the others read the views replaces those views under their
    /// readers' locks, and PostgreSQL may answer "deadlock detected" and roll this transaction back (the readers go on): it is
    /// safe to run again, and the node must not fail its start for it.
    /// </summary>
    public async Task EnsureSchemaAsync(CancellationToken ct = default)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await CreateSchemaAsync(ct).ConfigureAwait(false);
                return;
            }
            catch (WarehouseException e) when (attempt < SchemaAttempts && IsConflict(e))
            {
                await Task.Delay(TimeSpan.FromMilliseconds(200 * attempt), _time, ct).ConfigureAwait(false);
            }
        }
    }

    private static bool IsConflict(Exception e)
    {
        for (var inner = e; inner is not null; inner = inner.InnerException)
            if (inner is PostgresException { SqlState: PostgresErrorCodes.DeadlockDetected or PostgresErrorCodes.SerializationFailure })
                return true;
        return false;
    }

    private Task CreateSchemaAsync(CancellationToken ct) => InTransactionAsync("creating the schema", async (conn, tx) =>
    {
        // Two processes starting together must not race on CREATE ... IF NOT EXISTS (it is not concurrency-safe).
        await ExecAsync(conn, tx, SqlText("warehouse/ensure_schema"), ct);
        foreach (var script in SqlScripts.For(SqlScripts.Postgres))
        {
            ct.ThrowIfCancellationRequested();
            try
            {
                await ExecAsync(conn, tx, VerificationSql.Apply(RoutingSql.Apply(script.Text, _routing, SqlScripts.Postgres), _verificationEnabled), ct);
            }
            catch (PostgresException ex)
            {
                throw new WarehouseException($"Creating {script.ObjectName} (sql/postgres/{script.FileName}) failed: {ex.MessageText}", ex);
            }
        }
    }, ct);

    /// <summary>Bulk-loads raw rows into <c>eligible_leads</c> with binary COPY in one transaction (demo, tests, benchmarks).</summary>
    public Task<long> LoadEligibleLeadsAsync(IEnumerable<EligibleLeadRow> rows, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(rows);
        var loadedAt = _time.GetUtcNow().UtcDateTime;
        return InTransactionAsync("loading eligible_leads", async (conn, _) =>
        {
            long count = 0;
            await using var copy = await conn.BeginBinaryImportAsync(
                SqlText("warehouse/load_eligible_leads"), ct)
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
}
