using ColdEmail.Pipeline.Protocol;

namespace ColdEmail.Pipeline.Supervision;

/// <summary>The supervisor's messages.</summary>
public sealed class SupervisorProtocol : IProtocolRegistration
{
    public void Register(ProtocolRegistry r) => r
        .Add<ApplyPipelineSettings>("pipeline.apply-settings")
        .Add<SettingsApplied>("pipeline.settings-applied")
        .Add<GetPipelineRefs>("pipeline.get-refs")
        .Add<PipelineRefs>("pipeline.refs");
}
