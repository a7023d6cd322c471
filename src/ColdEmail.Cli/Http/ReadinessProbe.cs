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
/// asked only when a probe comes (every few seconds at most), never on a run's path.
/// </summary>
public sealed class ReadinessProbe(IServiceProvider services, ColdEmailSettings settings, ILeadWarehouse warehouse)
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(3);

    /// <summary>What a DuckDB file starts with after its 8-byte checksum: the daemon could not open anything else at its next start.</summary>
    private static readonly byte[] DuckDbMagic = "DUCK"u8.ToArray();

    public async Task<IReadOnlyList<ReadinessCheck>> CheckAsync(CancellationToken ct) =>
        await Task.WhenAll(WarehouseAsync(ct), Task.Run(Journal, ct), CampaignsAsync(ct));

    private async Task<ReadinessCheck> WarehouseAsync(CancellationToken ct)
    {
        const string name = "warehouse";
        try
        {
            if (settings.Warehouse.Kind == WarehouseKind.DuckDb && DuckDbFileProblem(settings.Warehouse.DuckDb.Path) is { } problem)
            {
                return new ReadinessCheck(name, false, problem);
            }
            using var bound = CancellationTokenSource.CreateLinkedTokenSource(ct);
            bound.CancelAfter(Bound);
            await warehouse.CountActiveByCampaignAsync(bound.Token).WaitAsync(bound.Token);
            return new ReadinessCheck(name, true);
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            return new ReadinessCheck(name, false, $"no answer within {Bound.TotalSeconds:0} s");
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            return new ReadinessCheck(name, false, e.Message);
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
