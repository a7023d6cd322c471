namespace ColdEmail.Pipeline.Tests;

/// <summary>TestKit configuration whose scheduler only moves when a test advances it.</summary>
public static class VirtualTimeConfig
{
    public static readonly string Hocon = SpecConfig.Strict + """
        akka.scheduler.implementation = "Akka.TestKit.TestScheduler, Akka.TestKit"
        akka.loglevel = WARNING
        """;
}
