using ColdEmail.Pipeline.Protocol;

namespace ColdEmail.Pipeline.Tests;

/// <summary>
/// The base of every TestKit spec's configuration: the protocol serializers and bindings, and every message serialized
/// and deserialized on its way (so a spec fails when a message could not cross a node).
/// </summary>
public static class SpecConfig
{
    public static readonly string Strict = ProtocolConfig.SerializeMessages + "\n" + ProtocolConfig.Hocon + "\nakka.loglevel = WARNING\n";
}
