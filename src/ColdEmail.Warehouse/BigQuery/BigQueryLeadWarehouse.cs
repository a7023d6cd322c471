using System.Runtime.CompilerServices;
using System.Text.RegularExpressions;
using System.Text;
using ColdEmail.Domain.Leads;
using ColdEmail.Domain.Routing;
using ColdEmail.Warehouse.Schema;

namespace ColdEmail.Warehouse.BigQuery;

/// <summary>
/// The production warehouse on BigQuery over REST v2. Every value travels as a named query parameter;
/// only the (validated) project and dataset names are written into SQL. State tables are written with one
/// <c>MERGE … USING UNNEST(@rows)</c> per batch (never streaming inserts: streamed rows cannot be updated by
/// DML for a while). Ready leads come from one query job whose result BigQuery pages for us.
/// </summary>
public sealed partial class BigQueryLeadWarehouse : ILeadWarehouse
{
    private readonly BigQueryWarehouseOptions _options;
    private readonly BigQueryRestClient _client;
    private readonly TimeProvider _time;

    public BigQueryLeadWarehouse(HttpClient http, BigQueryWarehouseOptions options, IBigQueryTokenSource? tokens = null)
    {
        ArgumentNullException.ThrowIfNull(http);
        ArgumentNullException.ThrowIfNull(options);
        // Project and dataset are the only text written into SQL, so they must be plain identifiers.
        if (!ProjectPattern().IsMatch(options.ProjectId))
            throw new ArgumentException($"'{options.ProjectId}' is not a valid BigQuery project id", nameof(options));
        if (!DatasetPattern().IsMatch(options.DatasetId))
            throw new ArgumentException($"'{options.DatasetId}' is not a valid BigQuery dataset id", nameof(options));
        if (options.DmlBatchSize <= 0) throw new ArgumentException("DmlBatchSize must be positive", nameof(options));
        _options = options;
        _time = options.TimeProvider ?? TimeProvider.System;
        _client = new BigQueryRestClient(http, options, tokens ?? new GoogleTokenSource(options.CredentialsFile));
    }

    private string T(string table) => $"`{_options.QualifiedDataset}.{table}`";

    /// <summary>
    /// A statement of <c>sql/bigquery/queries/</c> with its placeholders filled (<see cref="SqlQueries"/>); <c>${dataset}</c>
    /// is this warehouse's <c>project.dataset</c>, as in the DDL files.
    /// </summary>
    private string SqlText(string name, params (string Name, object? Value)[] holes) =>
        SqlQueries.Render(SqlScripts.BigQuery, name, [("dataset", _options.QualifiedDataset), .. holes]);

    public async Task EnsureSchemaAsync(CancellationToken ct = default)
    {
        foreach (var script in SqlScripts.For(SqlScripts.BigQuery))
        {
            var sql = VerificationSql.Apply(RoutingSql.Apply(script.Text, _options.Routing ?? CampaignRouting.Default, SqlScripts.BigQuery), _options.VerificationEnabled)
                .Replace("${dataset}", _options.QualifiedDataset, StringComparison.Ordinal);
            try
            {
                await _client.ExecuteAsync(sql, [], ct).ConfigureAwait(false);
            }
            catch (WarehouseException ex)
            {
                throw new WarehouseException($"Creating {script.ObjectName} (sql/bigquery/{script.FileName}) failed: {ex.Message}", ex, ex.JobId);
            }
        }
    }
}
