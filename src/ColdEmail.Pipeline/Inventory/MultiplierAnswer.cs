namespace ColdEmail.Pipeline.Inventory;

/// <summary>The multiplier a campaign should plan with, whether it was computed, and why it is what it is.</summary>
public sealed record MultiplierAnswer(double Value, bool AutoScaled, string Reason);
