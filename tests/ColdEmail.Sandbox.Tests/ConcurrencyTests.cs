using System.Text.Json.Nodes;

namespace ColdEmail.Sandbox.Tests;

public sealed class ConcurrencyTests
{
    [Fact]
    public async Task Concurrent_bulk_adds_of_the_same_emails_create_each_lead_once()
    {
        await using var api = await RawApi.StartAsync();
        JsonObject Body()
        {
            var leads = new JsonArray();
            for (var i = 0; i < 300; i++) leads.Add(new JsonObject { ["email"] = $"same{i}@corp.com" });
            return new JsonObject { ["campaign_id"] = api.Smb, ["skip_if_in_workspace"] = true, ["leads"] = leads };
        }

        var answers = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => api.SendAsync(HttpMethod.Post, "/api/v2/leads/add", Body())));

        Assert.All(answers, a => Assert.Equal(200, a.Code));
        Assert.Equal(300, answers.Sum(a => a.Body!["leads_uploaded"]!.GetValue<int>()));
        Assert.Equal(7 * 300, answers.Sum(a => a.Body!["skipped_count"]!.GetValue<int>()));
        Assert.Equal(300, api.Sandbox.State.CountLeads(api.Smb));
        Assert.Equal(300, api.Sandbox.State.AllLeads().Select(l => l.Email).Distinct().Count());
    }

    [Fact]
    public async Task Listing_while_adding_never_repeats_a_lead_and_stays_in_id_order()
    {
        await using var api = await RawApi.StartAsync();
        await api.AddLeadsAsync(api.Smb, 500, "base");
        var adding = Task.Run(async () =>
        {
            for (var b = 0; b < 5; b++) await api.AddLeadsAsync(api.Smb, 100, $"more{b}-");
        });

        var seen = new List<string>();
        string? cursor = null;
        while (true)
        {
            var body = new JsonObject { ["campaign"] = api.Smb, ["limit"] = 37 };
            if (cursor is not null) body["starting_after"] = cursor;
            var page = (await api.SendAsync(HttpMethod.Post, "/api/v2/leads/list", body)).Body!["items"]!.AsArray();
            if (page.Count == 0) break;
            seen.AddRange(page.Select(l => l!["id"]!.GetValue<string>()));
            cursor = seen[^1];
        }
        await adding;

        Assert.Equal(seen.Distinct().Count(), seen.Count);
        Assert.Equal(seen.Order(StringComparer.Ordinal), seen);
        Assert.True(seen.Count >= 500);
    }
}
