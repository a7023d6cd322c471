using ColdEmail.Pipeline.Protocol;

namespace ColdEmail.Pipeline.Tests;

/// <summary>
/// The base of every TestKit spec's configuration: the protocol serializers and bindings, and every message serialized
/// and deserialized on its way (so a spec fails when a message could not cross a node). CI runs every test project at once
/// on two cores, so the TestKit's real-time waits (ExpectMsg, AwaitAssert, ExpectNoMsg) are stretched three times: a loaded
/// machine does not fail a spec, and what never arrives still fails, only later. Virtual time (the TestScheduler) is unaffected.
/// </summary>
public static class SpecConfig
{
    public static readonly string Strict = ProtocolConfig.SerializeMessages + "\n" + ProtocolConfig.Hocon + "\nakka.loglevel = WARNING\nakka.test.timefactor = 3\n";
}
