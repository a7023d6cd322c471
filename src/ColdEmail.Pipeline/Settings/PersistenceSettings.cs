namespace ColdEmail.Pipeline.Settings;

/// <summary>coldemail.persistence: the actor journal (Akka.Persistence.Sql on SQLite).</summary>
public sealed record PersistenceSettings(string SqlitePath);
