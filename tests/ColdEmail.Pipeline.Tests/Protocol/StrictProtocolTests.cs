using System.Reflection;
using System.Runtime.Serialization;
using Akka.Actor;
using Akka.TestKit.Xunit2;
using ColdEmail.Pipeline.Protocol;
using ColdEmail.Pipeline.Sync;

namespace ColdEmail.Pipeline.Tests.Protocol;

/// <summary>Strict mode: nothing of ours falls back to Newtonsoft, and every type an actor receives, persists or answers is registered.</summary>
public sealed class StrictProtocolTests() : TestKit(SpecConfig.Strict)
{
    [Fact]
    public void An_unregistered_ColdEmail_type_is_refused_by_the_serializer_Akka_picks_for_it()
    {
        // CampaignOptions is a ColdEmail type that is not itself a message: nothing registered it.
        var unregistered = new CampaignOptions { Name = "SMB" };
        var serializer = Sys.Serialization.FindSerializerFor(unregistered);

        Assert.IsType<StrictFallbackSerializer>(serializer);
        var e = Assert.Throws<SerializationException>(() => serializer.ToBinary(unregistered));
        Assert.Contains(typeof(CampaignOptions).FullName!, e.Message, StringComparison.Ordinal);
        Assert.Contains("not registered", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Sending_an_unregistered_ColdEmail_type_fails_and_the_message_is_not_delivered()
    {
        var probe = CreateTestProbe();

        // serialize-messages checks every send: the refused message is logged as an error (Akka swallows it) and never reaches the actor.
        var errors = CreateTestProbe();
        Sys.EventStream.Subscribe(errors.Ref, typeof(Akka.Event.LogEvent));
        probe.Ref.Tell(new CampaignOptions { Name = "SMB" });
        var error = errors.FishForMessage<Akka.Event.Error>(e => e is Akka.Event.Error);
        Assert.Contains("not registered", error.Cause!.ToString(), StringComparison.Ordinal);
        probe.ExpectNoMsg(TimeSpan.FromMilliseconds(200));

        probe.Ref.Tell(new SyncCampaign("run-1"));
        Assert.Equal("run-1", probe.ExpectMsg<SyncCampaign>().RunId);
    }

    [Fact]
    public void Akka_and_test_messages_keep_their_serializers()
    {
        Assert.IsNotType<ProtocolSerializer>(Sys.Serialization.FindSerializerFor("text"));
        Assert.Equal("text", Sys.Serialization.Deserialize(Sys.Serialization.Serialize("text"), Sys.Serialization.FindSerializerFor("text").Identifier, typeof(string)));
    }

    public static TheoryData<string> MessageTypes()
    {
        var data = new TheoryData<string>();
        foreach (var t in ActorMessageScan.MessageTypes(typeof(ProtocolCatalog).Assembly).Select(t => t.FullName!).Distinct().Order(StringComparer.Ordinal))
            data.Add(t);
        return data;
    }

    [Theory]
    [MemberData(nameof(MessageTypes))]
    public void Every_type_an_actor_receives_persists_or_asks_for_is_bound_to_the_protocol_serializer(string typeName)
    {
        var type = typeof(ProtocolCatalog).Assembly.GetType(typeName) ?? Type.GetType(typeName, throwOnError: true)!;
        if (type.IsAbstract || type.IsInterface)
        {
            // Recover<ILedgerEvent> and the like: every implementation in the assembly must be registered.
            var implementations = type.Assembly.GetTypes().Where(t => !t.IsAbstract && !t.ContainsGenericParameters && type.IsAssignableFrom(t)).ToList();
            Assert.Contains(ProtocolCatalog.Default.Types, t => type.IsAssignableFrom(t.Type));
            Assert.All(implementations, t => Assert.True(ProtocolCatalog.Default.ByType.ContainsKey(t), $"{t} (a {type.Name}) is not registered"));
            return;
        }
        if (typeof(INoSerializationVerificationNeeded).IsAssignableFrom(type))
        {
            // Only an actor's private self-messages (timers, PipeTo) may skip the protocol: they never leave it.
            Assert.True(type.IsNestedPrivate, $"{type} skips serialization but is visible outside its actor");
            return;
        }
        Assert.True(ProtocolCatalog.Default.ByType.ContainsKey(type), $"{type} is received, persisted or asked for but not registered");
        Assert.IsType<ProtocolSerializer>(Sys.Serialization.FindSerializerForType(type));
    }
}
