using Akka.Actor;
using Akka.Serialization;

namespace ColdEmail.Pipeline.Protocol;

/// <summary>
/// Bound to <c>System.Object</c> in place of Akka's Newtonsoft default. A ColdEmail type reaching it was never registered,
/// so it is refused (strict mode: no silent fallback to CLR-named JSON). Akka's own and third-party messages without a
/// dedicated serializer still get Newtonsoft, as before.
/// </summary>
public sealed class StrictFallbackSerializer(ExtendedActorSystem system) : Serializer(system)
{
    public const int Id = 1314;
    public const string Name = "coldemail-strict";

    private readonly NewtonSoftJsonSerializer _json = new(system);

    public override int Identifier => Id;

    public override bool IncludeManifest => _json.IncludeManifest;

    public override byte[] ToBinary(object obj)
    {
        var type = obj.GetType();
        if (ProtocolCatalog.IsOurs(type)) throw ProtocolSerializer.NotRegistered(type);
        return _json.ToBinary(obj);
    }

    public override object FromBinary(byte[] bytes, Type type) => _json.FromBinary(bytes, type);
}
