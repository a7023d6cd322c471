namespace ColdEmail.Pipeline.Ops;

/// <summary>Asks the supervisor for its <see cref="OpsServices"/> (in-process only: the services are not messages).</summary>
public sealed record GetOpsServices
{
    public static readonly GetOpsServices Instance = new();
}
