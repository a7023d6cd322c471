using System.Collections.Concurrent;
using System.Text.RegularExpressions;

namespace ColdEmail.Warehouse.BigQuery;

/// <summary>
/// One mutating statement per table at a time inside this process. BigQuery runs concurrent DML on one table
/// optimistically and aborts the loser ("Transaction is aborted due to concurrent update"); campaign actors, drain
/// workers and orphan writes all merge into ops_inst_state, so without this they abort each other under load.
/// A statement takes the locks of every table it writes (in name order, so two scripts never deadlock) from its
/// submission until its job has finished. Reads take no lock.
/// </summary>
internal static partial class TableWriteLocks
{
    private sealed class Gate
    {
        public readonly SemaphoreSlim Semaphore = new(1, 1);
        public int Waiting;
    }

    private static readonly ConcurrentDictionary<string, Gate> Gates = new(StringComparer.Ordinal);

    // The table right after INSERT [INTO], UPDATE, DELETE [FROM], MERGE [INTO] or TRUNCATE TABLE: backquoted, or a dotted
    // name. A MERGE's own "UPDATE SET" / "INSERT (…)" / "THEN DELETE" clauses name no table and do not match.
    [GeneratedRegex(@"\b(?:INSERT\s+(?:INTO\s+)?|UPDATE\s+|DELETE\s+(?:FROM\s+)?|MERGE\s+(?:INTO\s+)?|TRUNCATE\s+TABLE\s+)(?:`([^`]+)`|([A-Za-z0-9_\-]+(?:\.[A-Za-z0-9_\-]+)+))",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex WriteTarget();

    /// <summary>The tables a statement or script writes, lower-cased and sorted.</summary>
    public static IReadOnlyList<string> WrittenTables(string sql) =>
        WriteTarget().Matches(sql)
            .Select(m => (m.Groups[1].Success ? m.Groups[1].Value : m.Groups[2].Value).ToLowerInvariant())
            .Distinct(StringComparer.Ordinal)
            .Order(StringComparer.Ordinal)
            .ToList();

    /// <summary>How many statements wait for <paramref name="table"/> in <paramref name="scope"/> (for tests).</summary>
    internal static int Waiting(string scope, string table) =>
        Gates.TryGetValue(Key(scope, table), out var gate) ? Volatile.Read(ref gate.Waiting) : 0;

    /// <summary>Holds the locks of <paramref name="tables"/> (from <see cref="WrittenTables"/>) until disposed.</summary>
    public static async Task<IDisposable> AcquireAsync(string scope, IReadOnlyList<string> tables, CancellationToken ct)
    {
        var held = new List<Gate>(tables.Count);
        try
        {
            foreach (var table in tables)
            {
                var gate = Gates.GetOrAdd(Key(scope, table), _ => new Gate());
                Interlocked.Increment(ref gate.Waiting);
                try
                {
                    await gate.Semaphore.WaitAsync(ct).ConfigureAwait(false);
                }
                finally
                {
                    Interlocked.Decrement(ref gate.Waiting);
                }
                held.Add(gate);
            }
        }
        catch
        {
            Release(held);
            throw;
        }
        return new Held(held);
    }

    private static string Key(string scope, string table) => scope + "|" + table.ToLowerInvariant();

    private static void Release(List<Gate> held)
    {
        for (var i = held.Count - 1; i >= 0; i--) held[i].Semaphore.Release();
        held.Clear();
    }

    private sealed class Held(List<Gate> gates) : IDisposable
    {
        public void Dispose()
        {
            lock (gates) Release(gates);
        }
    }
}
