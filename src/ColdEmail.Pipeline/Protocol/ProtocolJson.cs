using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using Akka.Actor;

namespace ColdEmail.Pipeline.Protocol;

/// <summary>
/// The System.Text.Json options of the protocol. Built once per serializer: STJ caches each type's contract, so a message
/// costs no reflection after its first use. An abstract or interface-typed member (an <c>ILedgerEvent</c>, an
/// <c>InstantlyOperation</c>) is written with a <c>$m</c> discriminator holding the registered manifest of its runtime type.
/// </summary>
public static class ProtocolJson
{
    public const string Discriminator = "$m";

    public static JsonSerializerOptions Options(ProtocolCatalog catalog, ExtendedActorSystem? system)
    {
        var options = new JsonSerializerOptions(JsonSerializerDefaults.General)
        {
            NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
            TypeInfoResolver = new DefaultJsonTypeInfoResolver { Modifiers = { info => AddRegisteredSubtypes(info, catalog) } },
            // Enums by name: reordering an enum must not change what an old journal row means.
            Converters = { new JsonStringEnumConverter(), new PrimitiveObjectJsonConverter(), new ReadOnlySetJsonConverter(), new CampaignRoutingJsonConverter() },
        };
        if (system is not null) options.Converters.Add(new ActorRefJsonConverter(system));
        options.MakeReadOnly(populateMissingResolver: false);
        return options;
    }

    private static void AddRegisteredSubtypes(JsonTypeInfo info, ProtocolCatalog catalog)
    {
        var declared = info.Type;
        if (info.Kind != JsonTypeInfoKind.Object || !(declared.IsAbstract || declared.IsInterface)) return;
        var subtypes = catalog.Types.Where(t => declared.IsAssignableFrom(t.Type)).ToList();
        if (subtypes.Count == 0) return;
        info.PolymorphismOptions = new JsonPolymorphismOptions
        {
            TypeDiscriminatorPropertyName = Discriminator,
            UnknownDerivedTypeHandling = JsonUnknownDerivedTypeHandling.FailSerialization,
        };
        foreach (var t in subtypes) info.PolymorphismOptions.DerivedTypes.Add(new JsonDerivedType(t.Type, t.Manifest));
    }
}
