using ColdEmail.Instantly;
using ColdEmail.Pipeline.Tests.Support;

namespace ColdEmail.Cluster.Tests.Support;

/// <summary>
/// One node's way to the sandbox. After <see cref="Hold"/> its bulk adds stop before reaching the sandbox, as a node that dies
/// between journalling a batch's claim and sending it; <see cref="Waiting"/> counts them. A held add never reaches the sandbox:
/// <see cref="Drop"/> answers it with a dropped connection.
/// </summary>
public sealed class HeldAdds(IInstantlyApi inner) : ForwardingApi(inner)
{
    private volatile TaskCompletionSource? _hold;
    private int _waiting;

    public int Waiting => Volatile.Read(ref _waiting);

    public void Hold() => _hold = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

    public void Drop() => _hold?.TrySetResult();

    public override async Task<InstantlyResult<BulkAddResult>> AddLeadsAsync(BulkAddRequest request, CancellationToken ct = default)
    {
        if (_hold is not { } hold) return await base.AddLeadsAsync(request, ct);
        Interlocked.Increment(ref _waiting);
        await hold.Task.WaitAsync(ct);
        return InstantlyResult<BulkAddResult>.Fail(new InstantlyError(InstantlyErrorKind.ConnectionDropped, null, null, "the node died with this request"));
    }
}
