using System.Data.Common;
using System.Runtime.CompilerServices;
using ColdEmail.Domain.Leads;
using ColdEmail.Domain.Routing;
using ColdEmail.Warehouse.Generation;
using ColdEmail.Warehouse.Schema;
using DuckDB.NET.Data;

namespace ColdEmail.Warehouse.DuckDb;

/// <summary>
/// The embedded warehouse: one DuckDB file. DuckDB allows one writing process and serialises writers
/// optimistically (a conflict aborts a transaction), so writes here are serialised by a semaphore and
/// run in a transaction per batch; reads run concurrently on their own connections. The file is held only
/// while in use (<see cref="DuckDbFileHold"/>), so other processes can open it between runs.
/// </summary>
public sealed partial class DuckDbLeadWarehouse : ILeadWarehouse, IAsyncDisposable, IDisposable
{
    private readonly DuckDbWarehouseOptions _options;
    private readonly DuckDbFileHold _file;
    private readonly SemaphoreSlim _writeLock = new(1, 1);
    private readonly TimeProvider _time;

    public DuckDbLeadWarehouse(DuckDbWarehouseOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (string.IsNullOrWhiteSpace(options.Path))
            throw new ArgumentException("The DuckDB warehouse needs a file path", nameof(options));
        _options = options;
        _time = options.TimeProvider ?? TimeProvider.System;
        var dir = Path.GetDirectoryName(Path.GetFullPath(options.Path));
        if (!string.IsNullOrEmpty(dir)) Directory.CreateDirectory(dir);
        _file = new DuckDbFileHold(options.Path, options.Resources);
    }

    public void Dispose()
    {
        _file.Dispose();
        _writeLock.Dispose();
    }

    public ValueTask DisposeAsync()
    {
        Dispose();
        return ValueTask.CompletedTask;
    }

    public Task EnsureSchemaAsync(CancellationToken ct = default) => WriteAsync(conn =>
    {
        SetAsideUnkeyedLeadStates(conn);
        foreach (var script in SqlScripts.For(SqlScripts.DuckDb))
        {
            ct.ThrowIfCancellationRequested();
            var sql = script.ObjectName == "eligible_leads" && _options.EligibleLeadsFile is { } file
                ? EligibleLeadsFileView(conn, file)
                : RoutingSql.Apply(script.Text, _options.Routing ?? CampaignRouting.Default, SqlScripts.DuckDb);
            try
            {
                Execute(conn, sql);
            }
            catch (DuckDBException ex)
            {
                throw new WarehouseException($"Creating {script.ObjectName} (sql/duckdb/{script.FileName}) failed: {ex.Message}", ex);
            }
        }
        MoveUnkeyedLeadStates(conn);
    }, ct);

    private static string EligibleLeadsFileView(DuckDBConnection conn, string file)
    {
        var full = Path.GetFullPath(file);
        if (!File.Exists(full))
            throw new FileNotFoundException($"The eligible leads file '{full}' does not exist", full);
        using (var cmd = Command(conn, "SELECT table_type FROM information_schema.tables WHERE table_name = 'eligible_leads'"))
        {
            if (cmd.ExecuteScalar() is string type && type != "VIEW")
                throw new WarehouseException(
                    $"eligible_leads is already a table in this warehouse, so it cannot become a view over '{full}'; drop the table or remove the file option");
        }
        var quoted = full.Replace("'", "''", StringComparison.Ordinal);
        // Every column is read as text and cast leniently: a bad value becomes NULL instead of failing the run.
        var reader = full.EndsWith(".parquet", StringComparison.OrdinalIgnoreCase)
            ? $"read_parquet('{quoted}')"
            : $"read_csv('{quoted}', header = true, all_varchar = true, auto_detect = true)";
        return $"""
            CREATE OR REPLACE VIEW eligible_leads AS
            SELECT
                TRY_CAST(email AS VARCHAR) AS email,
                TRY_CAST(merchant_name AS VARCHAR) AS merchant_name,
                TRY_CAST(platform_domain AS VARCHAR) AS platform_domain,
                TRY_CAST(domain AS VARCHAR) AS domain,
                TRY_CAST(state AS VARCHAR) AS state,
                TRY_CAST(country_code AS VARCHAR) AS country_code,
                TRY_CAST(estimated_sales_yearly AS DECIMAL(18,2)) AS estimated_sales_yearly,
                TRY_CAST(employee_count AS INTEGER) AS employee_count,
                TRY_CAST(product_count AS INTEGER) AS product_count,
                TRY_CAST(avg_price AS DECIMAL(18,2)) AS avg_price,
                TRY_CAST(klaviyo_installed_at AS TIMESTAMP) AS klaviyo_installed_at,
                TRY_CAST(timezone AS VARCHAR) AS timezone,
                CAST(NULL AS VARCHAR) AS industry,
                CAST(NULL AS TIMESTAMP) AS loaded_at
            FROM {reader}
            """;
    }

    /// <summary>Bulk-loads raw rows into the <c>eligible_leads</c> table with DuckDB's appender (demo, tests, benchmarks).</summary>
    public Task<long> LoadEligibleLeadsAsync(IEnumerable<EligibleLeadRow> rows, CancellationToken ct = default) => WriteAsync(conn =>
    {
        long count = 0;
        var loadedAt = _time.GetUtcNow().UtcDateTime;
        using var appender = conn.CreateAppender("eligible_leads");
        foreach (var r in rows)
        {
            if ((count & 0xFFF) == 0) ct.ThrowIfCancellationRequested();
            appender.CreateRow()
                .AppendValue(r.Email).AppendValue(r.MerchantName).AppendValue(r.PlatformDomain).AppendValue(r.Domain)
                .AppendValue(r.State).AppendValue(r.CountryCode).AppendValue(r.EstimatedSalesYearly)
                .AppendValue(r.EmployeeCount).AppendValue(r.ProductCount).AppendValue(r.AvgPrice)
                .AppendValue(r.KlaviyoInstalledAt?.UtcDateTime).AppendValue(r.Timezone).AppendValue(r.Industry)
                .AppendValue((DateTime?)loadedAt)
                .EndRow();
            count++;
        }
        return count;
    }, ct);
}
