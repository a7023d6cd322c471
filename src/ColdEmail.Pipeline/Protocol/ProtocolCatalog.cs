using System.Collections.Frozen;
using System.Reflection;

namespace ColdEmail.Pipeline.Protocol;

/// <summary>
/// Every registered protocol type, found once per process from the <see cref="IProtocolRegistration"/>s of the loaded
/// ColdEmail assemblies. Duplicate manifests or types fail at start-up, naming both sides, so a collision is never
/// discovered in a journal.
/// </summary>
public sealed class ProtocolCatalog
{
    private static readonly Lazy<ProtocolCatalog> Loaded = new(() => Build(ColdEmailAssemblies()));

    private ProtocolCatalog(IReadOnlyList<ProtocolType> types)
    {
        Types = types;
        ByType = types.ToFrozenDictionary(t => t.Type, t => t.Manifest);
        ByManifest = types.ToFrozenDictionary(t => t.Manifest, t => t.Type, StringComparer.Ordinal);
    }

    /// <summary>The catalog of this process (built on first use).</summary>
    public static ProtocolCatalog Default => Loaded.Value;

    public IReadOnlyList<ProtocolType> Types { get; }
    public FrozenDictionary<Type, string> ByType { get; }
    public FrozenDictionary<string, Type> ByManifest { get; }

    public static ProtocolCatalog Build(IEnumerable<Assembly> assemblies)
    {
        var registry = new ProtocolRegistry();
        foreach (var registration in assemblies.SelectMany(LoadableTypes)
                     .Where(t => t is { IsAbstract: false, IsInterface: false } && typeof(IProtocolRegistration).IsAssignableFrom(t) && t.GetConstructor(Type.EmptyTypes) is not null)
                     .OrderBy(t => t.FullName, StringComparer.Ordinal))
            ((IProtocolRegistration)Activator.CreateInstance(registration)!).Register(registry);
        var byManifest = registry.Types.GroupBy(t => t.Manifest, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1);
        if (byManifest is not null)
            throw new InvalidOperationException($"protocol manifest '{byManifest.Key}' is registered for {string.Join(" and ", byManifest.Select(t => t.Type))}");
        var byType = registry.Types.GroupBy(t => t.Type).FirstOrDefault(g => g.Count() > 1);
        if (byType is not null)
            throw new InvalidOperationException($"protocol type {byType.Key} is registered twice ({string.Join(", ", byType.Select(t => t.Manifest))})");
        return new ProtocolCatalog(registry.Types);
    }

    /// <summary>
    /// A type that must go through the protocol serializer: declared in a ColdEmail production assembly (test assemblies
    /// keep Akka's default for their own probes), or a collection/generic over one.
    /// </summary>
    public static bool IsOurs(Type type)
    {
        if (type.IsArray) return IsOurs(type.GetElementType()!);
        if (type.IsGenericType && type.GetGenericArguments().Any(IsOurs)) return true;
        var name = type.Assembly.GetName().Name ?? "";
        return name.StartsWith("ColdEmail.", StringComparison.Ordinal) && !name.EndsWith(".Tests", StringComparison.Ordinal);
    }

    private static IEnumerable<Assembly> ColdEmailAssemblies()
    {
        // The pipeline holds most registrations; make sure it is in the list even if nothing touched it yet.
        _ = typeof(ProtocolCatalog).Assembly;
        return AppDomain.CurrentDomain.GetAssemblies()
            .Where(a => !a.IsDynamic && (a.GetName().Name ?? "").StartsWith("ColdEmail.", StringComparison.Ordinal));
    }

    private static IEnumerable<Type> LoadableTypes(Assembly assembly)
    {
        try
        {
            return assembly.GetTypes();
        }
        catch (ReflectionTypeLoadException e)
        {
            return e.Types.Where(t => t is not null)!;
        }
    }
}
