namespace ColdEmail.Pipeline.Inventory;

/// <summary>What a campaign actor asks before planning its deficit.</summary>
public interface IInventoryMultiplierSource
{
    Task<MultiplierAnswer> CurrentAsync(CancellationToken ct = default);
}
