using ColdEmail.Instantly;
using ColdEmail.Pipeline.Tests.Support;

namespace ColdEmail.Cluster.Tests.Support;

/// <summary>
/// One node's way to the sandbox. After <see cref="Hold"/> its bulk adds stop before reaching the sandbox, as a node that dies
/// between journalling a batch's claim and sending it; <see cref="Waiting"/> counts them. A held add never reaches the sandbox:
/// <see cref="Drop"/> answers it with a dropped connection. Lead reads (the drain's lists by id) can be held the same way
/// (<see cref="HoldLeadReads"/>), as a pass in flight when its coordinator's node dies; <see cref="FailHeldLeadReads"/> answers
/// the held ones with a dropped connection (their batch then writes nothing) and lets later reads through.
/// </summary>
public sealed class HeldAdds(IInstantlyApi inner) : ForwardingApi(inner)
{
    private volatile TaskCompletionSource? _hold;
    private int _waiting;
    private volatile TaskCompletionSource? _readHold;
    private int _readsWaiting;

    public int LeadReadsWaiting => Volatile.Read(ref _readsWaiting);

    public void HoldLeadReads() => _readHold = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

    public void FailHeldLeadReads()
    {
        var held = _readHold;
        _readHold = null;
        held?.TrySetResult();
    }

    public override async Task<InstantlyResult<LeadPage>> ListLeadsAsync(ListLeadsRequest request, CancellationToken ct = default)
    {
        if (_readHold is not { } hold) return await base.ListLeadsAsync(request, ct);
        Interlocked.Increment(ref _readsWaiting);
        await hold.Task.WaitAsync(ct);
        return InstantlyResult<LeadPage>.Fail(new InstantlyError(InstantlyErrorKind.ConnectionDropped, null, null, "the pass's coordinator died"));
    }

    public int Waiting => Volatile.Read(ref _waiting);

    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, bool> _waitingCampaigns = new(StringComparer.Ordinal);

    /// <summary>Whether a bulk add of this Instantly campaign is held.</summary>
    public bool IsWaiting(string campaignId) => _waitingCampaigns.ContainsKey(campaignId);

    public void Hold() => _hold = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

    public void Drop() => _hold?.TrySetResult();

    public override async Task<InstantlyResult<BulkAddResult>> AddLeadsAsync(BulkAddRequest request, CancellationToken ct = default)
    {
        if (_hold is not { } hold) return await base.AddLeadsAsync(request, ct);
        Interlocked.Increment(ref _waiting);
        _waitingCampaigns[request.CampaignId] = true;
        await hold.Task.WaitAsync(ct);
        return InstantlyResult<BulkAddResult>.Fail(new InstantlyError(InstantlyErrorKind.ConnectionDropped, null, null, "the node died with this request"));
    }
}
