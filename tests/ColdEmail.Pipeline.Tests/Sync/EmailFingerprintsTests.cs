using ColdEmail.Pipeline.Sync;

namespace ColdEmail.Pipeline.Tests.Sync;

/// <summary>The run's set of emails already met: the same answers as a set of the fingerprints, in 8 bytes a slot.</summary>
public sealed class EmailFingerprintsTests
{
    [Fact]
    public void Adds_and_removes_answer_like_a_set_of_fingerprints_through_growth_and_probe_runs()
    {
        // A tiny initial table forces growth several times and long probe runs whose removals must shift entries back.
        var set = new EmailFingerprints(capacity: 1);
        var reference = new HashSet<ulong>();
        var random = new Random(12);
        for (var step = 0; step < 200_000; step++)
        {
            var email = $"lead{random.Next(20_000)}@shop{random.Next(50)}.example";
            if (random.Next(3) == 0)
            {
                set.Remove(email);
                reference.Remove(EmailFingerprints.Fingerprint(email));
            }
            else
            {
                Assert.Equal(reference.Add(EmailFingerprints.Fingerprint(email)), set.Add(email));
            }
        }
        Assert.Equal(reference.Count, set.Count);
        // Every email still in the reference is still met; every removed one is new again.
        for (var i = 0; i < 20_000; i++)
        {
            var email = $"lead{i}@shop{i % 50}.example";
            Assert.Equal(reference.Contains(EmailFingerprints.Fingerprint(email)), !set.Add(email));
        }
    }

    [Fact]
    public void Initial_emails_are_met_already_and_a_removed_one_is_new_again()
    {
        var set = new EmailFingerprints(["a@x.example", "b@x.example", "a@x.example"], capacity: 10);
        Assert.Equal(2, set.Count);
        Assert.False(set.Add("a@x.example"));
        set.Remove("a@x.example");
        set.Remove("never@x.example");
        Assert.Equal(1, set.Count);
        Assert.True(set.Add("a@x.example"));
        Assert.False(set.Add("b@x.example"));
    }
}
