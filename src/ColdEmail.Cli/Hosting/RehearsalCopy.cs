using ColdEmail.Pipeline.Settings;

namespace ColdEmail.Cli.Hosting;

/// <summary>
/// Where a `--sandbox` rehearsal works. A rehearsal runs against the in-process simulator, so everything it
/// would write (simulator campaign ids, "active" rows, simulated verification verdicts, "missing" drains, journal
/// ledgers) is fiction: it must never reach the configured warehouse or journal. With DuckDB the rehearsal runs on
/// a copy of both in a fresh temporary folder; a remote warehouse (BigQuery, PostgreSQL) cannot be copied, so the
/// rehearsal is refused and `plan` (which writes nothing) is the way to rehearse.
/// </summary>
public sealed record RehearsalCopy(string Folder, string WarehousePath, string JournalPath, string ConfiguredWarehouse, string ConfiguredJournal)
{
    // DuckDB keeps uncommitted work in "<file>.wal"; SQLite in "-wal"/"-shm" or a rollback "-journal".
    private static readonly string[] DuckDbSidecars = [".wal"];
    private static readonly string[] SqliteSidecars = ["-wal", "-shm", "-journal"];

    /// <summary>Copies the configured DuckDB file and journal (when they exist) into a new temporary folder.</summary>
    /// <exception cref="CliUsageException">The warehouse is not DuckDB.</exception>
    public static RehearsalCopy Create(ColdEmailSettings settings, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(settings);
        if (settings.Warehouse.Kind != WarehouseKind.DuckDb)
        {
            throw new CliUsageException(
                $"--sandbox is a rehearsal and never writes the configured warehouse, but coldemail.warehouse.kind = {settings.Warehouse.Kind.ToString().ToLowerInvariant()} " +
                "cannot be copied for it; rehearse with `coldemail plan` (or `coldemail plan --sandbox`), which writes nothing");
        }
        if (settings.Persistence.Kind != PersistenceKind.Sqlite)
        {
            throw new CliUsageException(
                "--sandbox is a rehearsal and never writes the configured journal, but coldemail.persistence.kind = postgres " +
                "cannot be copied for it; rehearse with `coldemail plan`, which writes nothing");
        }
        var warehouse = Path.GetFullPath(settings.Warehouse.DuckDb.Path);
        var journal = Path.GetFullPath(settings.Persistence.SqlitePath);
        var folder = Path.Combine(Path.GetTempPath(), "coldemail-rehearsal", $"{time.GetUtcNow():yyyyMMdd-HHmmss}-{Guid.NewGuid():N}");
        Directory.CreateDirectory(folder);
        var copy = new RehearsalCopy(folder, Path.Combine(folder, Path.GetFileName(warehouse)), Path.Combine(folder, "journal-" + Path.GetFileName(journal)), warehouse, journal);
        CopyWithSidecars(warehouse, copy.WarehousePath, DuckDbSidecars);
        CopyWithSidecars(journal, copy.JournalPath, SqliteSidecars);
        return copy;
    }

    /// <summary>The settings with the warehouse and journal pointed at the copy.</summary>
    public ColdEmailSettings Redirect(ColdEmailSettings settings) => settings with
    {
        Warehouse = settings.Warehouse with { DuckDb = settings.Warehouse.DuckDb with { Path = WarehousePath } },
        Persistence = settings.Persistence with { SqlitePath = JournalPath },
    };

    /// <summary>What the user reads before the run starts (stderr, so `--json` output stays parseable).</summary>
    public string Notice =>
        $"Rehearsal (--sandbox): Instantly is the in-process simulator and this run works on a temporary copy of the warehouse and journal in {Folder}. " +
        $"The configured warehouse {ConfiguredWarehouse} and journal {ConfiguredJournal} are not written. The copy is kept for inspection; delete the folder when done.";

    private static void CopyWithSidecars(string source, string target, IReadOnlyList<string> sidecars)
    {
        if (!File.Exists(source)) return;
        File.Copy(source, target);
        foreach (var suffix in sidecars)
        {
            if (File.Exists(source + suffix)) File.Copy(source + suffix, target + suffix);
        }
    }
}
