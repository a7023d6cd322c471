using System.Text;
using Akka.Hosting;

namespace ColdEmail.Pipeline.Protocol;

/// <summary>
/// The HOCON that binds every registered type to <see cref="ProtocolSerializer"/> and everything else to
/// <see cref="StrictFallbackSerializer"/>. Old journal rows keep Akka's Newtonsoft serializer (id 1) for reading:
/// nothing of ours is written with it any more.
/// </summary>
public static class ProtocolConfig
{
    private static readonly Lazy<string> Text = new(() => Build(ProtocolCatalog.Default));

    /// <summary>Serializers and bindings for this process's catalog.</summary>
    public static string Hocon => Text.Value;

    /// <summary>What every TestKit spec adds: each message a spec sends is serialized and deserialized on the way.</summary>
    public const string SerializeMessages = """
        akka.actor.serialize-messages = on
        akka.actor.serialize-creators = off
        """;

    public static string Build(ProtocolCatalog catalog)
    {
        var hocon = new StringBuilder();
        hocon.AppendLine("akka.actor {");
        hocon.AppendLine($"  serializers {{ {ProtocolSerializer.Name} = \"{Qualified(typeof(ProtocolSerializer))}\", {StrictFallbackSerializer.Name} = \"{Qualified(typeof(StrictFallbackSerializer))}\" }}");
        hocon.AppendLine($"  serialization-identifiers {{ \"{Qualified(typeof(ProtocolSerializer))}\" = {ProtocolSerializer.Id}, \"{Qualified(typeof(StrictFallbackSerializer))}\" = {StrictFallbackSerializer.Id} }}");
        hocon.AppendLine("  serialization-bindings {");
        hocon.AppendLine($"    \"System.Object\" = {StrictFallbackSerializer.Name}");
        foreach (var t in catalog.Types) hocon.AppendLine($"    \"{Qualified(t.Type)}\" = {ProtocolSerializer.Name}");
        hocon.AppendLine("  }");
        hocon.AppendLine("}");
        return hocon.ToString();
    }

    /// <summary>The protocol serializers and bindings on an Akka.Hosting system.</summary>
    public static AkkaConfigurationBuilder WithColdEmailProtocol(this AkkaConfigurationBuilder builder) =>
        builder.AddHocon(Hocon, HoconAddMode.Prepend);

    private static string Qualified(Type type) => type.AssemblyQualifiedName!.Replace("\"", "\\\"", StringComparison.Ordinal);
}
