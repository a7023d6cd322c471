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
    /// <summary>A statement of <c>sql/duckdb/queries/</c> with its placeholders filled (<see cref="SqlQueries"/>).</summary>
    private static string SqlText(string name, params (string Name, object? Value)[] holes) => SqlQueries.Render(SqlScripts.DuckDb, name, holes);

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
        ReadingMemory = new DuckDbReadingMemory(options.Resources ?? DuckDbResourceOptions.Default);
        _file = new DuckDbFileHold(options.Path, options.Resources, ReadingMemory);
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
                : VerificationSql.Apply(RoutingSql.Apply(script.Text, _options.Routing ?? CampaignRouting.Default, SqlScripts.DuckDb), _options.VerificationEnabled);
            try
            {
                Execute(conn, sql);
            }
            catch (DuckDBException ex)
            {
                throw new WarehouseException($"Creating {script.ObjectName} (sql/duckdb/{script.FileName}) failed: {ex.Message}", ex);
            }
        }
        DropLeadStatePrimaryKey(conn);
        MoveUnkeyedLeadStates(conn);
    }, ct);

    private static string EligibleLeadsFileView(DuckDBConnection conn, string file)
    {
        var full = Path.GetFullPath(file);
        if (!File.Exists(full))
            throw new FileNotFoundException($"The eligible leads file '{full}' does not exist", full);
        using (var cmd = Command(conn, SqlText("warehouse/eligible_leads_file_view")))
        {
            if (cmd.ExecuteScalar() is string type && type != "VIEW")
                throw new WarehouseException(
                    $"eligible_leads is already a table in this warehouse, so it cannot become a view over '{full}'; drop the table or remove the file option");
        }
        var quoted = full.Replace("'", "''", StringComparison.Ordinal);
        // Every column is read as text and cast leniently: a bad value becomes NULL instead of failing the run.
        var parquet = full.EndsWith(".parquet", StringComparison.OrdinalIgnoreCase);
        var reader = parquet
            ? $"read_parquet('{quoted}', file_row_number = true)"
            // The reader's buffer is its largest line (DuckDB's max_line_size, 2 MB), not the default 16 of them: the view
            // scans the file several times in one query, and each scan's buffer counts against coldemail.warehouse.duckdb.memory-limit.
            : $"read_csv('{quoted}', header = true, all_varchar = true, auto_detect = true, buffer_size = 2097152)";
        // v_lead_eligibility joins the rows that share an email back to the others by the row id a table has; a view
        // over a file gives each row its position in the file under that name (a CSV reader numbers the rows as it
        // reads them, in file order, the same in every scan of one query).
        var rowId = parquet ? "file_row_number" : "ROW_NUMBER() OVER ()";
        return SqlText("warehouse/eligible_leads_file_view_2", ("reader", reader), ("row_id", rowId));
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
