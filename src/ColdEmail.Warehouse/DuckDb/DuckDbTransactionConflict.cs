using DuckDB.NET.Data;

namespace ColdEmail.Warehouse.DuckDb;

/// <summary>
/// Recognises DuckDB's optimistic-concurrency abort ("TransactionContext Error: Conflict on update!" and its siblings
/// for deletes and tuples): two transactions in one process wrote the same row, the later one is rolled back whole.
/// One adapter serialises its own writes, so this only happens between two adapters on one file in one process (the
/// daemon's lease keeper and a verb's adapter, or two "processes" in a test); the step is safe to run again.
/// </summary>
internal static class DuckDbTransactionConflict
{
    public static bool Is(Exception e) =>
        e is DuckDBException && e.Message.Contains("Conflict on", StringComparison.OrdinalIgnoreCase)
        && e.Message.Contains("Transaction", StringComparison.OrdinalIgnoreCase);
}
