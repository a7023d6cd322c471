using ColdEmail.Pipeline.Protocol;

namespace ColdEmail.Pipeline.Performance;

/// <summary>The performance actor's messages.</summary>
public sealed class PerformanceProtocol : IProtocolRegistration
{
    public void Register(ProtocolRegistry r) => r
        .Add<CapturePerformance>("performance.capture")
        .Add<PerformanceSnapshot>("performance.snapshot")
        .Add<ApplyPerformanceSettings>("performance.apply-settings");
}
