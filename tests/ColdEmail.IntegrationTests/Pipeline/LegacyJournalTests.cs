using ColdEmail.Domain.Routing;
using Akka.Actor;
using Akka.Persistence;
using ColdEmail.Pipeline.Drain;
using ColdEmail.Pipeline.Protocol;
using ColdEmail.Pipeline.Supervision;
using ColdEmail.Pipeline.Sync;
using Microsoft.Data.Sqlite;

namespace ColdEmail.IntegrationTests.Pipeline;

/// <summary>
/// A SQLite journal written by the version before the protocol serializer (Fixtures/journal-v1.db: Newtonsoft rows with CLR
/// type names, see JournalFixtureGenerator.cs.txt) recovers through the real actors, and what is written after goes under
/// the protocol's short manifests.
/// </summary>
public sealed class LegacyJournalTests : IAsyncLifetime
{
    private static readonly string Fixture = Path.Combine(AppContext.BaseDirectory, "Fixtures", "journal-v1.db");
    private HostedPipeline _it = null!;

    public async Task InitializeAsync()
    {
        _it = await HostedPipeline.StartAsync(600);
        Directory.CreateDirectory(Path.GetDirectoryName(_it.JournalFile)!);
        File.Copy(Fixture, _it.JournalFile);
    }

    public async Task DisposeAsync() => await _it.DisposeAsync();

    // The fixture's campaigns must be routed like any other (a campaign outside the routing is refused); a country no
    // generated prospect has keeps them from taking the test's leads.
    private PipelineOptions WithFixtureCampaigns(PipelineOptions options)
    {
        var routing = new CampaignRouting([
            .. options.Campaigns[0].Routing.Routes,
            new CampaignRoute("Fixture", null, null, countries: ["ZZ"]),
            new CampaignRoute("Fixture-Snapshot", null, null, countries: ["ZY"]),
        ]);
        return options with
        {
            Campaigns =
            [
                .. options.Campaigns.Select(c => c with { Routing = routing }),
                new() { Name = "Fixture", DailyCapacity = 10, Routing = routing },
                new() { Name = "Fixture-Snapshot", DailyCapacity = 10, Routing = routing },
            ],
        };
    }

    [Fact]
    public async Task Ledgers_written_by_the_previous_version_recover_with_their_open_batches()
    {
        await _it.StartHostAsync(WithFixtureCampaigns(_it.Options()));

        var ledgers = (await _it.Pipeline.GetLedgersAsync()).ToDictionary(l => l.Campaign);

        Assert.Equal(3, ledgers["SMB"].BatchesRecorded);
        Assert.Equal(2, ledgers["Midsize"].BatchesRecorded);
        Assert.Equal(100, ledgers["SMB"].LeadsRecorded + ledgers["Midsize"].LeadsRecorded);
        Assert.Empty(ledgers["SMB"].Open);

        var fixture = ledgers["Fixture"];
        Assert.Equal((1, 3), (fixture.BatchesRecorded, fixture.LeadsRecorded));
        Assert.Equal(["fx-2", "fx-3"], fixture.Open.Select(b => b.Claim.BatchId).Order(StringComparer.Ordinal).ToArray());
        var settled = fixture.Open.Single(b => b.Claim.BatchId == "fx-3");
        Assert.Equal(["e@fixture.test", "f@fixture.test"], settled.Claim.Emails);
        Assert.Equal("lead-a", Assert.Single(settled.Outcomes!).InstantlyLeadId);
        Assert.False(fixture.Open.Single(b => b.Claim.BatchId == "fx-2").IsSettled);

        // Snapshot (7 batches, 140 leads, fx-2 and fx-3 open) plus one later event that records fx-3.
        var fromSnapshot = ledgers["Fixture-Snapshot"];
        Assert.Equal((8, 142), (fromSnapshot.BatchesRecorded, fromSnapshot.LeadsRecorded));
        Assert.Equal("fx-2", Assert.Single(fromSnapshot.Open).Claim.BatchId);

        var refs = await _it.Pipeline.GetRefsAsync();
        var drain = await refs.Drain.Ask<DrainJournalStatus>(GetDrainJournalStatus.Instance, TimeSpan.FromSeconds(10));
        Assert.Empty(drain.Open);
    }

    [Fact]
    public async Task Every_event_and_snapshot_type_of_the_previous_version_is_read_back_with_its_data()
    {
        await _it.StartHostAsync(_it.Options());

        var events = await ReadAsync("drain-coordinator-fixture");
        var decided = Assert.IsType<DrainDecided>(events[0]);
        Assert.Equal(["g@fixture.test", "h@fixture.test"], decided.Entries.Select(e => e.Email).ToArray());
        Assert.Equal("unsubscribed", decided.Entries[1].SuppressionReason);
        Assert.False(decided.Entries[1].Delete);
        Assert.Equal(new DateTimeOffset(2026, 3, 2, 15, 0, 0, TimeSpan.Zero).AddDays(90), decided.Entries[0].CooldownUntil);
        Assert.Equal(["lead-g"], Assert.IsType<DrainConfirmed>(events[1]).LeadIds);
        Assert.Equal(["lead-x", "lead-y"], Assert.IsType<BouncesFirstSeen>(events[2]).LeadIds);
        Assert.IsType<DrainDecided>(events[3]);
        Assert.Equal("dx-3", Assert.IsType<DrainRecorded>(events[4]).BatchId);

        var snapshotted = await ReadAsync("drain-coordinator-fixture-snapshot");
        var snapshot = Assert.IsType<DrainJournalSnapshot>(Assert.IsType<SnapshotOffer>(snapshotted[0]).Snapshot);
        Assert.Equal("dx-1", Assert.Single(snapshot.Open).BatchId);
        Assert.Equal(new DateTimeOffset(2026, 3, 2, 15, 0, 0, TimeSpan.Zero), snapshot.BounceFirstSeen!["lead-x"]);

        var ledger = await ReadAsync("campaign-fixture");
        var outcomes = Assert.IsType<BatchSettled>(ledger[1]).Outcomes;
        Assert.Equal([OutcomeKind.Active, OutcomeKind.DeadLetter, OutcomeKind.Quarantine], outcomes.Select(o => o.Kind).ToArray());
        Assert.Equal((503, 2, true), (outcomes[1].HttpStatus!.Value, outcomes[1].RetryCount, outcomes[2].Permanent));
        Assert.Equal(42, outcomes[0].ApiResponseTimeMs);
    }

    [Fact]
    public async Task After_recovery_new_events_are_written_under_short_manifests_and_both_kinds_recover_together()
    {
        var options = _it.Options(smb: 90, midsize: 40);
        await _it.StartHostAsync(options);
        var before = (await _it.Pipeline.GetLedgersAsync()).ToDictionary(l => l.Campaign);

        var sync = await _it.Pipeline.SyncOnceAsync();
        Assert.True(sync.Succeeded, string.Join("; ", sync.Failures));
        Assert.Equal(90, sync.CampaignBreakdown["SMB"]);
        await _it.StopHostAsync();

        var rows = NewRows();
        Assert.NotEmpty(rows);
        Assert.All(rows, r => Assert.Equal(ProtocolSerializer.Id, r.Serializer));
        Assert.Contains(rows, r => r.Manifest == "ledger.claimed");
        Assert.Contains(rows, r => r.Manifest == "ledger.recorded");

        await _it.StartHostAsync(options);
        var after = (await _it.Pipeline.GetLedgersAsync()).ToDictionary(l => l.Campaign);
        Assert.Equal(before["SMB"].LeadsRecorded + 90, after["SMB"].LeadsRecorded);
        Assert.True(after["SMB"].BatchesRecorded > before["SMB"].BatchesRecorded);
    }

    private List<(long Serializer, string Manifest)> NewRows()
    {
        SqliteConnection.ClearAllPools();
        using var connection = new SqliteConnection($"Data Source={_it.JournalFile}");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT identifier, manifest FROM journal WHERE persistence_id = 'campaign-smb' AND identifier <> 1";
        using var reader = command.ExecuteReader();
        var rows = new List<(long, string)>();
        while (reader.Read()) rows.Add((reader.GetInt64(0), reader.GetString(1)));
        return rows;
    }

    private async Task<IReadOnlyList<object>> ReadAsync(string persistenceId)
    {
        var reader = _it.System.ActorOf(Props.Create(() => new JournalReader(persistenceId)));
        return await reader.Ask<IReadOnlyList<object>>(JournalReader.Read, TimeSpan.FromSeconds(10));
    }

    /// <summary>Recovers a persistence id and hands back everything it recovered, in order.</summary>
    private sealed class JournalReader : ReceivePersistentActor
    {
        public const string Read = "read";
        private readonly List<object> _recovered = [];

        public override string PersistenceId { get; }

        public JournalReader(string persistenceId)
        {
            PersistenceId = persistenceId;
            Recover<RecoveryCompleted>(_ => { });
            Recover<object>(e => _recovered.Add(e));
            Command<string>(_ => Sender.Tell((IReadOnlyList<object>)_recovered.ToList()));
        }
    }
}
