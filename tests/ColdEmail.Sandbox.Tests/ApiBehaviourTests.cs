using System.Net;
using System.Text.Json.Nodes;
using ColdEmail.Sandbox.Hosting;

namespace ColdEmail.Sandbox.Tests;

public sealed class ApiBehaviourTests
{
    private static JsonObject Add(string campaignId, bool workspace, bool campaign, params string[] emails) => new()
    {
        ["campaign_id"] = campaignId,
        ["skip_if_in_workspace"] = workspace,
        ["skip_if_in_campaign"] = campaign,
        ["leads"] = new JsonArray(emails.Select(e => (JsonNode)new JsonObject { ["email"] = e }).ToArray()),
    };

    [Fact]
    public async Task A_missing_or_wrong_key_is_a_401_in_the_envelope()
    {
        await using var api = await RawApi.StartAsync();

        var missing = await api.SendAsync(HttpMethod.Get, "/api/v2/campaigns", null, key: null, contentType: null);
        var wrong = await api.SendAsync(HttpMethod.Get, "/api/v2/campaigns", null, key: "nope", contentType: null);

        Assert.Equal(401, missing.Code);
        Assert.Equal("Missing Authorization header", missing.Message);
        Assert.Equal("Unauthorized", missing.Body!["error"]!.GetValue<string>());
        Assert.Equal(401, wrong.Code);
    }

    [Fact]
    public async Task A_json_content_type_with_an_empty_body_is_a_400()
    {
        await using var api = await RawApi.StartAsync();
        var added = await api.AddLeadsAsync(api.Smb, 1);
        var id = added["created_leads"]![0]!["id"]!.GetValue<string>();

        var withType = await api.SendRawAsync(HttpMethod.Delete, $"/api/v2/leads/{id}", "", contentType: "application/json");
        var without = await api.SendRawAsync(HttpMethod.Delete, $"/api/v2/leads/{id}", null, contentType: null);

        Assert.Equal(400, withType.Code);
        Assert.Equal("Body cannot be empty when content-type is set to 'application/json'", withType.Message);
        Assert.Equal(200, without.Code);
        Assert.Equal(id, without.Body!["id"]!.GetValue<string>());
    }

    [Fact]
    public async Task Unknown_ids_are_404s()
    {
        await using var api = await RawApi.StartAsync();
        var unknown = Guid.CreateVersion7().ToString();

        Assert.Equal(404, (await api.SendAsync(HttpMethod.Get, $"/api/v2/leads/{unknown}", null, contentType: null)).Code);
        Assert.Equal(404, (await api.SendAsync(HttpMethod.Get, $"/api/v2/campaigns/{unknown}", null, contentType: null)).Code);
        Assert.Equal(404, (await api.SendAsync(HttpMethod.Post, "/api/v2/leads/add", Add(unknown, true, false, "a@b.com"))).Code);
        Assert.Equal(400, (await api.SendAsync(HttpMethod.Get, "/api/v2/leads/not-a-uuid", null, contentType: null)).Code);
    }

    [Fact]
    public async Task Campaign_and_list_together_are_refused()
    {
        await using var api = await RawApi.StartAsync();
        var body = Add(api.Smb, true, false, "a@b.com");
        body["list_id"] = Guid.CreateVersion7().ToString();

        var answer = await api.SendAsync(HttpMethod.Post, "/api/v2/leads/add", body);

        Assert.Equal(400, answer.Code);
        Assert.Equal("Cannot add leads to both a campaign and a list in the same request.", answer.Message);
    }

    [Fact]
    public async Task Skip_if_in_workspace_skips_a_lead_of_another_campaign_and_overrides_the_other_flags()
    {
        await using var api = await RawApi.StartAsync();
        await api.SendAsync(HttpMethod.Post, "/api/v2/leads/add", Add(api.Smb, true, false, "a@x.com", "b@x.com"));

        var skipped = await api.SendAsync(HttpMethod.Post, "/api/v2/leads/add", Add(api.Midsize, true, false, "a@x.com", "c@x.com"));

        Assert.Equal(1, skipped.Body!["skipped_count"]!.GetValue<int>());
        Assert.Equal(1, skipped.Body["leads_uploaded"]!.GetValue<int>());
        Assert.Equal(1, skipped.Body["created_leads"]!.AsArray().Single()!["index"]!.GetValue<int>());
        Assert.Equal(api.Smb, Assert.Single(api.Sandbox.State.FindByEmail("a@x.com")).CampaignId);
    }

    [Fact]
    public async Task Without_skip_flags_a_lead_joins_another_campaign_but_is_not_re_added_to_its_own()
    {
        await using var api = await RawApi.StartAsync();
        await api.SendAsync(HttpMethod.Post, "/api/v2/leads/add", Add(api.Smb, false, false, "a@x.com"));

        var again = await api.SendAsync(HttpMethod.Post, "/api/v2/leads/add", Add(api.Smb, false, false, "a@x.com"));
        var elsewhere = await api.SendAsync(HttpMethod.Post, "/api/v2/leads/add", Add(api.Midsize, false, false, "a@x.com"));
        var flagged = await api.SendAsync(HttpMethod.Post, "/api/v2/leads/add", Add(api.Midsize, false, true, "A@X.com"));

        Assert.Equal((0, 1, 0), (again.Body!["leads_uploaded"]!.GetValue<int>(), again.Body["duplicated_leads"]!.GetValue<int>(), again.Body["skipped_count"]!.GetValue<int>()));
        Assert.Equal(1, elsewhere.Body!["leads_uploaded"]!.GetValue<int>());
        Assert.Equal(1, flagged.Body!["skipped_count"]!.GetValue<int>());
        Assert.Equal(2, api.Sandbox.State.FindByEmail("a@x.com").Count);
    }

    [Fact]
    public async Task The_blocklist_holds_emails_and_domains()
    {
        await using var api = await RawApi.StartAsync(blocklist: ["ceo@big.com", "spamtrap.net"]);

        var answer = await api.SendAsync(HttpMethod.Post, "/api/v2/leads/add", Add(api.Smb, true, false, "ceo@big.com", "x@spamtrap.net", "ok@big.com"));

        Assert.Equal(2, answer.Body!["in_blocklist"]!.GetValue<int>());
        Assert.Equal(1, answer.Body["leads_uploaded"]!.GetValue<int>());
        Assert.Equal(api.Sandbox.State.BlocklistId, answer.Body["blocklist_used"]!.GetValue<string>());
    }

    [Fact]
    public async Task Bulk_delete_without_ids_deletes_every_matching_lead_of_the_campaign()
    {
        await using var api = await RawApi.StartAsync();
        await api.AddLeadsAsync(api.Smb, 30, "s");
        await api.AddLeadsAsync(api.Midsize, 5, "m");

        var answer = await api.SendAsync(HttpMethod.Delete, "/api/v2/leads", new JsonObject { ["campaign_id"] = api.Smb });

        Assert.Equal(200, answer.Code);
        Assert.Equal(30, answer.Body!["count"]!.GetValue<int>());
        Assert.Equal(0, api.Sandbox.State.CountLeads(api.Smb));
        Assert.Equal(5, api.Sandbox.State.CountLeads(api.Midsize));
    }

    [Fact]
    public async Task Bulk_delete_with_ids_only_deletes_those_of_that_campaign()
    {
        await using var api = await RawApi.StartAsync();
        var smb = await api.AddLeadsAsync(api.Smb, 4, "s");
        var mid = await api.AddLeadsAsync(api.Midsize, 2, "m");
        var ids = new JsonArray(smb["created_leads"]![0]!["id"]!.GetValue<string>(), mid["created_leads"]![0]!["id"]!.GetValue<string>());

        var answer = await api.SendAsync(HttpMethod.Delete, "/api/v2/leads", new JsonObject { ["campaign_id"] = api.Smb, ["ids"] = ids });

        Assert.Equal(1, answer.Body!["count"]!.GetValue<int>());
        Assert.Equal(3, api.Sandbox.State.CountLeads(api.Smb));
        Assert.Equal(2, api.Sandbox.State.CountLeads(api.Midsize));
    }

    [Fact]
    public async Task Lead_ids_are_uuid_v7_in_creation_order_even_on_a_frozen_clock()
    {
        await using var api = await RawApi.StartAsync();
        var first = await api.AddLeadsAsync(api.Smb, 1000, "a");
        api.Clock.Advance(TimeSpan.FromMilliseconds(1));
        var second = await api.AddLeadsAsync(api.Smb, 1000, "b");

        var ids = first["created_leads"]!.AsArray().Concat(second["created_leads"]!.AsArray()).Select(c => c!["id"]!.GetValue<string>()).ToList();

        Assert.Equal(ids.Order(StringComparer.Ordinal), ids);
        Assert.All(ids, id => Assert.Equal('7', id[14]));
        Assert.Equal(2000, ids.Distinct().Count());
        var ms = api.Clock.GetUtcNow().AddMilliseconds(-1).ToUnixTimeMilliseconds();
        Assert.Equal(ms.ToString("x12"), ids[0].Replace("-", "")[..12]);
    }

    [Fact]
    public async Task The_default_rate_limit_is_100_a_second_with_the_documented_429()
    {
        var clock = new SimulatedClock();
        await using var api = await RawApi.StartAsync(limits: RateLimitOptions.Real with { Clock = clock }, clock: clock);

        var answers = new List<Answer>();
        for (var i = 0; i < 101; i++) answers.Add(await api.SendAsync(HttpMethod.Get, "/api/v2/campaigns", null, contentType: null));
        clock.Advance(TimeSpan.FromSeconds(1));
        var later = await api.SendAsync(HttpMethod.Get, "/api/v2/campaigns", null, contentType: null);

        Assert.All(answers.Take(100), a => Assert.Equal(200, a.Code));
        var limited = answers[100];
        Assert.Equal(429, limited.Code);
        Assert.Equal("Too Many Requests", limited.Body!["error"]!.GetValue<string>());
        Assert.Equal("Rate limit exceeded", limited.Message);
        Assert.Equal(TimeSpan.FromSeconds(1), limited.RetryAfter);
        Assert.Equal(200, later.Code);
    }

    [Fact]
    public async Task The_per_minute_limit_holds_across_seconds()
    {
        var clock = new SimulatedClock();
        await using var api = await RawApi.StartAsync(limits: new RateLimitOptions(PerSecond: 100, PerMinute: 5) { Clock = clock }, clock: clock);

        var codes = new List<int>();
        for (var i = 0; i < 6; i++)
        {
            codes.Add((await api.SendAsync(HttpMethod.Get, "/api/v2/campaigns", null, contentType: null)).Code);
            clock.Advance(TimeSpan.FromSeconds(5));
        }
        clock.Advance(TimeSpan.FromSeconds(30));
        codes.Add((await api.SendAsync(HttpMethod.Get, "/api/v2/campaigns", null, contentType: null)).Code);

        Assert.Equal([200, 200, 200, 200, 200, 429, 200], codes);
    }

    [Fact]
    public async Task List_filters_by_contacts_ids_and_status_filter()
    {
        await using var api = await RawApi.StartAsync(outcomes: Engine.OutcomeProbabilities.Nothing with { Bounce = 1 });
        var added = await api.AddLeadsAsync(api.Smb, 60);
        api.Sandbox.AdvanceDays(1); // 50 of 60 are contacted and bounce

        var bounced = await api.SendAsync(HttpMethod.Post, "/api/v2/leads/list", new JsonObject { ["campaign"] = api.Smb, ["filter"] = "FILTER_VAL_BOUNCED", ["limit"] = 100 });
        var byContact = await api.SendAsync(HttpMethod.Post, "/api/v2/leads/list", new JsonObject { ["contacts"] = new JsonArray("P3@corp3.com"), ["limit"] = 10 });
        var byId = await api.SendAsync(HttpMethod.Post, "/api/v2/leads/list", new JsonObject { ["ids"] = new JsonArray(added["created_leads"]![59]!["id"]!.GetValue<string>()) });

        Assert.Equal(50, bounced.Body!["items"]!.AsArray().Count);
        Assert.All(bounced.Body["items"]!.AsArray(), l => Assert.Equal(-1, l!["status"]!.GetValue<int>()));
        Assert.Equal("p3@corp3.com", byContact.Body!["items"]!.AsArray().Single()!["email"]!.GetValue<string>());
        Assert.Equal(1, byId.Body!["items"]!.AsArray().Single()!["status"]!.GetValue<int>());
    }

    [Fact]
    public async Task Single_create_of_a_lead_already_in_the_campaign_returns_the_existing_lead()
    {
        await using var api = await RawApi.StartAsync();
        var body = new JsonObject { ["campaign"] = api.Smb, ["email"] = "dup@x.com", ["first_name"] = "One" };
        var first = await api.SendAsync(HttpMethod.Post, "/api/v2/leads", body);
        body["first_name"] = "Two";

        var second = await api.SendAsync(HttpMethod.Post, "/api/v2/leads", body);

        Assert.Equal(first.Body!["id"]!.GetValue<string>(), second.Body!["id"]!.GetValue<string>());
        Assert.Equal("One", second.Body["first_name"]!.GetValue<string>());
        Assert.Single(api.Sandbox.State.FindByEmail("dup@x.com"));
    }
}

public sealed class RouteTests
{
    [Theory]
    [InlineData("PUT", "/api/v2/leads/list")]
    [InlineData("POST", "/api/v2/leads/bulk")]
    [InlineData("GET", "/api/v2/nothing/here")]
    public async Task An_unknown_route_is_a_404_in_the_envelope(string method, string path)
    {
        await using var api = await RawApi.StartAsync();

        var answer = await api.SendAsync(new HttpMethod(method), path, null, contentType: null);

        Assert.Equal(404, answer.Code);
        Assert.Equal("Not Found", answer.Body!["error"]!.GetValue<string>());
        Assert.Contains($"{method}:{path}", answer.Message);
    }
}
