using ColdEmail.Warehouse.Ports;

namespace ColdEmail.Warehouse;

/// <summary>
/// Everything ColdEmail reads from and writes to the warehouse, as the sum of its ports by use (sync reads, outcomes,
/// drain, operator queries, reports, suppression; <see cref="IOpsWarehouse"/> beside them): a caller that needs one use
/// takes that port, and every adapter implements them all, one file per port. Every write takes a batch; adapters
/// write a batch in one transaction (DuckDB, PostgreSQL) or one DML statement (BigQuery). Emails
/// arriving here are already normalised, except in <see cref="ColdEmail.Domain.Leads.Prospect"/>, which is raw warehouse data.
/// </summary>
public interface ILeadWarehouse : ISyncReads, IOutcomes, IDrainStore, IOperatorQueries, IReports, ISuppressionStore
{
    /// <summary>Creates every table and view that is missing; running it again changes nothing.</summary>
    Task EnsureSchemaAsync(CancellationToken ct = default);
}
