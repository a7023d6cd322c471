namespace ColdEmail.Pipeline.Tests.Support;

/// <summary>In-memory journal and snapshot store: shared by every actor of one ActorSystem, so a restarted actor recovers.</summary>
public static class PersistenceConfig
{
    public static readonly string InMemory = SpecConfig.Strict + """
        akka.loglevel = WARNING
        akka.persistence.journal.plugin = "akka.persistence.journal.inmem"
        akka.persistence.snapshot-store.plugin = "akka.persistence.snapshot-store.inmem"
        """;
}
