namespace ColdEmail.Pipeline.Inventory;

/// <summary>The one call a campaign's planner needs: the auto-scaled multiplier when there is one, else its configured one.</summary>
public static class MultiplierResolution
{
    public static async Task<double> ResolveAsync(this IInventoryMultiplierSource? source, double configured, CancellationToken ct = default)
    {
        if (source is null) return configured;
        var answer = await source.CurrentAsync(ct).ConfigureAwait(false);
        return answer.AutoScaled ? answer.Value : configured;
    }
}
