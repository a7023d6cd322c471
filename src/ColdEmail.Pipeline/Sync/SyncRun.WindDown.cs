using System.Runtime.CompilerServices;
using ColdEmail.Domain.Leads;
using ColdEmail.Warehouse;

namespace ColdEmail.Pipeline.Sync;

/// <summary>How a run ends early when its campaign hands off: what it started settles, nothing else starts.</summary>
public sealed partial class SyncRun
{
    private volatile bool _windingDown;
    private readonly CancellationTokenSource _windDown = new();

    /// <summary>
    /// The campaign is handing off (its node leaves, or its shard moves): batches already started settle, no new one starts,
    /// and the run answers with what it enrolled, marked <see cref="CampaignSyncResult.HandedOff"/>. The sync run then asks
    /// again and the campaign's next home does the rest of the run; a hand-off waits for a batch or two, not for a whole run. A ready-set read in progress is cancelled: the ranking
    /// before its first row took over 30 s on a loaded PostgreSQL warehouse, and a read has no effect to wait for.
    /// </summary>
    public void WindDown()
    {
        _windingDown = true;
        // Asynchronously: the adapter's cancellation (a cancel request to the server) must not run on the actor's thread.
        _ = _windDown.CancelAsync();
    }

    /// <summary>Whether a reading of the ready set got to its last row (not cut short by its round or a wind-down).</summary>
    private sealed class ReadEnd
    {
        public volatile bool Reached;
    }

    /// <summary>The ready set as the warehouse streams it, ended (not failed) when the run winds down mid-read.</summary>
    private async IAsyncEnumerable<Prospect> ReadReadyLeadsAsync(ReadyLeadQuery query, ReadEnd end, [EnumeratorCancellation] CancellationToken ct)
    {
        using var reading = CancellationTokenSource.CreateLinkedTokenSource(ct, _windDown.Token);
        var rows = _warehouse.StreamReadyLeadsAsync(query, reading.Token).GetAsyncEnumerator(reading.Token);
        try
        {
            while (true)
            {
                bool more;
                try
                {
                    more = await rows.MoveNextAsync().ConfigureAwait(false);
                }
                catch (Exception) when (_windDown.IsCancellationRequested && !ct.IsCancellationRequested)
                {
                    // However the adapter words its cancellation: nothing read so far was claimed, so nothing is lost.
                    more = false;
                }
                if (!more)
                {
                    if (!_windDown.IsCancellationRequested) end.Reached = true;
                    yield break;
                }
                yield return rows.Current;
            }
        }
        finally
        {
            try
            {
                await rows.DisposeAsync().ConfigureAwait(false);
            }
            catch (Exception) when (_windDown.IsCancellationRequested && !ct.IsCancellationRequested)
            {
                // A cancelled read may fail again while closing; the wind-down already ended it.
            }
        }
    }
}
