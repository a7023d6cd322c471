namespace ColdEmail.Pipeline.Protocol;

/// <summary>
/// One feature's list of the messages and journal events that may cross a node or reach the journal. Implement it once per
/// feature (e.g. <c>Sync/SyncProtocol.cs</c>); <see cref="ProtocolCatalog"/> finds every implementation in the ColdEmail
/// assemblies, so adding a feature never touches a central list.
/// </summary>
public interface IProtocolRegistration
{
    void Register(ProtocolRegistry registry);
}

/// <summary>Collects (type, manifest) pairs. A manifest is short, stable and never reused: journals store it, not the CLR name.</summary>
public sealed class ProtocolRegistry
{
    private readonly List<ProtocolType> _types = [];

    public IReadOnlyList<ProtocolType> Types => _types;

    public ProtocolRegistry Add<T>(string manifest) => Add(typeof(T), manifest);

    public ProtocolRegistry Add(Type type, string manifest)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(manifest);
        if (type.IsAbstract || type.IsInterface || type.ContainsGenericParameters)
            throw new ArgumentException($"protocol type {type} must be concrete and closed", nameof(type));
        _types.Add(new ProtocolType(type, manifest));
        return this;
    }
}

/// <summary>A registered type and the manifest its bytes are stored and sent under.</summary>
public sealed record ProtocolType(Type Type, string Manifest);
