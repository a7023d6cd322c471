using ColdEmail.Pipeline.Settings;

namespace ColdEmail.Cli.LiveTuning;

/// <summary>The settings the daemon runs with now; live tuning replaces them and tells whoever listens (the scheduler).</summary>
public sealed class LiveSettings(ColdEmailSettings initial)
{
    private volatile ColdEmailSettings _current = initial;

    public ColdEmailSettings Current => _current;

    public event Action<ColdEmailSettings>? Changed;

    public void Replace(ColdEmailSettings settings)
    {
        _current = settings;
        Changed?.Invoke(settings);
    }
}
