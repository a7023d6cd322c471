using Akka.Configuration;

namespace ColdEmail.Pipeline.Settings;

/// <summary>
/// The result of a load: the typed settings, the merged HOCON (its <c>akka</c> section is handed to the
/// ActorSystem) and any warnings (e.g. a config table row ColdEmail does not know).
/// </summary>
public sealed record LoadedSettings(ColdEmailSettings Settings, Config Hocon, IReadOnlyList<string> Warnings);
