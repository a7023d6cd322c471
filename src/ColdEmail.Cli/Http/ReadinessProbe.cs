using Akka.Actor;
using ColdEmail.Pipeline;
using ColdEmail.Pipeline.Settings;
using ColdEmail.Pipeline.Sync;
using ColdEmail.Warehouse;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;

namespace ColdEmail.Cli.Http;

/// <summary>One readiness condition: its name, whether it holds, and (when not) why, in words without secrets.</summary>
public sealed record ReadinessCheck(string Name, bool Ready, string? Detail = null);

/// <summary>
/// Readiness: the warehouse answers, the journal takes a write lock, and every campaign actor has recovered (a persistent
/// actor answers commands only after recovery, so an answer to a ledger query within the bound proves it). These are
/// asked only when a probe comes, never on a run's path. The warehouse's query answer is shared for
/// <see cref="WarehouseAnswerWindow"/> (probes come every few seconds from each kubelet); the DuckDB file check beside it is
/// a 12-byte read, so it runs on every probe and a replaced or damaged file is reported at once.
/// </summary>
public sealed class ReadinessProbe(IServiceProvider services, ColdEmailSettings settings, ILeadWarehouse warehouse, TimeProvider time)
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(3);

    /// <summary>Shorter than Kubernetes' default probe period (10 s): a probe never sees an answer older than one period.</summary>
    public static readonly TimeSpan WarehouseAnswerWindow = TimeSpan.FromSeconds(5);

    private readonly SharedAnswer<ReadinessCheck> _warehouseAnswer = new(time, WarehouseAnswerWindow);

    /// <summary>What a DuckDB file starts with after its 8-byte checksum: the daemon could not open anything else at its next start.</summary>
    private static readonly byte[] DuckDbMagic = "DUCK"u8.ToArray();

    public async Task<IReadOnlyList<ReadinessCheck>> CheckAsync(CancellationToken ct) =>
        await Task.WhenAll(WarehouseAsync(ct), Task.Run(Journal, ct), CampaignsAsync(ct));

    private const string WarehouseCheck = "warehouse";

    private async Task<ReadinessCheck> WarehouseAsync(CancellationToken ct)
    {
        if (settings.Warehouse.Kind == WarehouseKind.DuckDb && DuckDbFileProblem(settings.Warehouse.DuckDb.Path) is { } problem)
        {
            return new ReadinessCheck(WarehouseCheck, false, problem);
        }
        return await _warehouseAnswer.GetAsync(AskWarehouseAsync).WaitAsync(ct);
    }

    /// <summary>The query itself, bounded by <see cref="Bound"/> and not by a caller (its answer is shared).</summary>
    private async Task<ReadinessCheck> AskWarehouseAsync()
    {
        using var bound = new CancellationTokenSource(Bound, time);
        try
        {
            await warehouse.CountActiveByCampaignAsync(bound.Token).WaitAsync(bound.Token);
            return new ReadinessCheck(WarehouseCheck, true);
        }
        catch (OperationCanceledException)
        {
            return new ReadinessCheck(WarehouseCheck, false, $"no answer within {Bound.TotalSeconds:0} s");
        }
        catch (Exception e)
        {
            return new ReadinessCheck(WarehouseCheck, false, e.Message);
        }
    }

    /// <summary>
    /// The file the daemon holds open can be replaced or damaged under it (its open handle still reads the old data); the
    /// next start, or a run that reopens it, would fail. So the path itself must still be a readable DuckDB database.
    /// </summary>
    private static string? DuckDbFileProblem(string path)
    {
        try
        {
            using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            var header = new byte[12];
            var read = file.ReadAtLeast(header, header.Length, throwOnEndOfStream: false);
            return read == header.Length && header.AsSpan(8, 4).SequenceEqual(DuckDbMagic)
                ? null
                : $"{path} is not a DuckDB database";
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return $"{path} cannot be read: {e.Message}";
        }
    }

    private ReadinessCheck Journal()
    {
        const string name = "journal";
        try
        {
            var path = Path.GetFullPath(settings.Persistence.SqlitePath);
            var connection = new SqliteConnectionStringBuilder
            {
                DataSource = path,
                Mode = SqliteOpenMode.ReadWrite,
                DefaultTimeout = (int)Bound.TotalSeconds,
                Pooling = false,
            };
            using var sqlite = new SqliteConnection(connection.ToString());
            sqlite.Open();
            using var command = sqlite.CreateCommand();
            // Taking the write lock (and giving it back) proves the file is writable without writing anything.
            command.CommandText = "BEGIN IMMEDIATE; ROLLBACK;";
            command.ExecuteNonQuery();
            return new ReadinessCheck(name, true);
        }
        catch (Exception e) when (e is SqliteException or IOException or UnauthorizedAccessException or InvalidOperationException)
        {
            return new ReadinessCheck(name, false, e.Message);
        }
    }

    private async Task<ReadinessCheck> CampaignsAsync(CancellationToken ct)
    {
        const string name = "campaigns";
        try
        {
            var pipeline = services.GetRequiredService<ColdEmailPipeline>();
            using var bound = CancellationTokenSource.CreateLinkedTokenSource(ct);
            bound.CancelAfter(Bound);
            var refs = await pipeline.GetRefsAsync(bound.Token);
            var answers = await Task.WhenAll(refs.Campaigns.Select(async kv =>
            {
                try
                {
                    await kv.Value.Ask<LedgerStatus>(GetLedgerStatus.Instance, Bound, bound.Token);
                    return (kv.Key, Recovered: true);
                }
                catch (Exception e) when (e is AskTimeoutException or OperationCanceledException)
                {
                    return (kv.Key, Recovered: false);
                }
            }));
            var waiting = answers.Where(a => !a.Recovered).Select(a => a.Key).Order(StringComparer.Ordinal).ToList();
            return waiting.Count == 0
                ? new ReadinessCheck(name, true)
                : new ReadinessCheck(name, false, "not recovered yet: " + string.Join(", ", waiting));
        }
        catch (Exception e) when (e is not OperationCanceledException || !ct.IsCancellationRequested)
        {
            return new ReadinessCheck(name, false, "the pipeline does not answer: " + e.Message);
        }
    }
}
