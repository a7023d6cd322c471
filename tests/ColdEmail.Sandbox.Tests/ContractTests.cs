using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using ColdEmail.Sandbox.Validation;
using Json.Schema;

namespace ColdEmail.Sandbox.Tests;

/// <summary>
/// For every endpoint ColdEmail uses, requests built from the official schema file: a valid one is accepted, an unknown
/// field is refused in strict mode (naming it) and dropped in default mode, and bad values of known fields are refused in
/// both modes — and an independent validator (JsonSchema.Net) agrees on what is valid.
/// </summary>
public sealed class ContractTests
{
    public static TheoryData<string> Endpoints => ["bulk-add", "create", "list", "bulk-delete", "verify", "block-create", "block-bulk-create", "block-bulk-delete"];

    private static (HttpMethod Method, string Path) Route(string endpoint) => endpoint switch
    {
        "bulk-add" => (HttpMethod.Post, "/api/v2/leads/add"),
        "create" => (HttpMethod.Post, "/api/v2/leads"),
        "list" => (HttpMethod.Post, "/api/v2/leads/list"),
        "bulk-delete" => (HttpMethod.Delete, "/api/v2/leads"),
        "verify" => (HttpMethod.Post, "/api/v2/email-verification"),
        "block-create" => (HttpMethod.Post, "/api/v2/block-lists-entries"),
        "block-bulk-create" => (HttpMethod.Post, "/api/v2/block-lists-entries/bulk-create"),
        "block-bulk-delete" => (HttpMethod.Post, "/api/v2/block-lists-entries/bulk-delete"),
        _ => throw new ArgumentOutOfRangeException(nameof(endpoint)),
    };

    /// <summary>The schema's full example body, pointed at a real campaign (and at a campaign rather than a list).</summary>
    private static JsonObject ValidBody(string endpoint, RawApi api)
    {
        var (method, path) = Route(endpoint);
        var body = SchemaExamples.Body(method.Method, path);
        body.Remove("list_id");
        switch (endpoint)
        {
            case "bulk-add" or "bulk-delete": body["campaign_id"] = api.Smb; break;
            case "create" or "list": body["campaign"] = api.Smb; break;
        }
        return body;
    }

    private static EvaluationResults Independent(string endpoint, JsonObject body)
    {
        var (method, path) = Route(endpoint);
        // The OpenAPI 3.1 schemas are JSON Schema 2020-12 with extra keywords ("example", "x-enumDescriptions").
        var schema = JsonSchema.Build(ApiSchema.Instance.RequestSchema(method.Method, path), new BuildOptions { Dialect = Dialect.Draft202012 });
        using var doc = JsonDocument.Parse(body.ToJsonString());
        return schema.Evaluate(doc.RootElement, new EvaluationOptions { OutputFormat = OutputFormat.List, RequireFormatValidation = true });
    }

    [Theory]
    [MemberData(nameof(Endpoints))]
    public async Task A_body_built_from_the_schema_is_valid_and_accepted_in_strict_mode(string endpoint)
    {
        await using var api = await RawApi.StartAsync(strict: true);
        var body = ValidBody(endpoint, api);
        var (method, path) = Route(endpoint);

        var answer = await api.SendAsync(method, path, body);

        Assert.True(Independent(endpoint, body).IsValid);
        Assert.True(answer.Status == HttpStatusCode.OK, answer.ToString());
    }

    [Theory]
    [MemberData(nameof(Endpoints))]
    public async Task An_unknown_field_is_refused_in_strict_mode_and_named(string endpoint)
    {
        await using var api = await RawApi.StartAsync(strict: true);
        var body = ValidBody(endpoint, api);
        body["surprise_field"] = "x";
        var (method, path) = Route(endpoint);

        var answer = await api.SendAsync(method, path, body);

        Assert.Equal(HttpStatusCode.BadRequest, answer.Status);
        Assert.Equal("Bad Request", answer.Body!["error"]!.GetValue<string>());
        Assert.Equal(400, answer.Body["statusCode"]!.GetValue<int>());
        Assert.Contains("'surprise_field'", answer.Message);
    }

    [Theory]
    [MemberData(nameof(Endpoints))]
    public async Task An_unknown_field_is_dropped_silently_in_default_mode(string endpoint)
    {
        await using var api = await RawApi.StartAsync(strict: false);
        var body = ValidBody(endpoint, api);
        body["surprise_field"] = "x";
        var (method, path) = Route(endpoint);

        var answer = await api.SendAsync(method, path, body);

        Assert.True(answer.Status == HttpStatusCode.OK, answer.ToString());
    }

    [Fact]
    public async Task An_unknown_field_inside_a_bulk_lead_is_refused_in_strict_mode()
    {
        await using var api = await RawApi.StartAsync(strict: true);
        var body = ValidBody("bulk-add", api);
        body["leads"]![0]!["campaign"] = api.Smb;

        var answer = await api.SendAsync(HttpMethod.Post, "/api/v2/leads/add", body);

        Assert.Equal(HttpStatusCode.BadRequest, answer.Status);
        Assert.Contains("body/leads/0", answer.Message);
        Assert.Contains("'campaign'", answer.Message);
    }

    [Fact]
    public async Task Campaign_id_on_single_create_is_dropped_and_the_lead_lands_in_no_campaign()
    {
        await using var api = await RawApi.StartAsync(strict: false);

        var answer = await api.SendAsync(HttpMethod.Post, "/api/v2/leads", new JsonObject { ["campaign_id"] = api.Smb, ["email"] = "lost@acme.com" });

        Assert.Equal(HttpStatusCode.OK, answer.Status);
        Assert.Null(answer.Body!["campaign"]);
        var stored = Assert.Single(api.Sandbox.State.FindByEmail("lost@acme.com"));
        Assert.Null(stored.CampaignId);
        Assert.Equal(0, api.Sandbox.State.CountLeads(api.Smb));
    }

    [Fact]
    public async Task Campaign_id_on_single_create_is_refused_in_strict_mode()
    {
        await using var api = await RawApi.StartAsync(strict: true);

        var answer = await api.SendAsync(HttpMethod.Post, "/api/v2/leads", new JsonObject { ["campaign_id"] = api.Smb, ["email"] = "lost@acme.com" });

        Assert.Equal(HttpStatusCode.BadRequest, answer.Status);
        Assert.Contains("'campaign_id'", answer.Message);
        Assert.Empty(api.Sandbox.State.FindByEmail("lost@acme.com"));
    }

    [Fact]
    public async Task Campaign_id_on_list_is_dropped_and_the_whole_workspace_comes_back()
    {
        await using var api = await RawApi.StartAsync(strict: false);
        await api.AddLeadsAsync(api.Smb, 3, "smb");
        await api.AddLeadsAsync(api.Midsize, 4, "mid");

        var misnamed = await api.SendAsync(HttpMethod.Post, "/api/v2/leads/list", new JsonObject { ["campaign_id"] = api.Smb, ["limit"] = 100 });
        var right = await api.SendAsync(HttpMethod.Post, "/api/v2/leads/list", new JsonObject { ["campaign"] = api.Smb, ["limit"] = 100 });

        Assert.Equal(7, misnamed.Body!["items"]!.AsArray().Count);
        Assert.Equal(3, right.Body!["items"]!.AsArray().Count);
    }

    public static TheoryData<string, string, string> BadValues => new()
    {
        { "list", "limit", "101" },
        { "list", "limit", "0" },
        { "list", "campaign", "\"not-a-uuid\"" },
        { "list", "in_campaign", "\"yes\"" },
        { "list", "esg_code", "\"9\"" },
        { "bulk-add", "leads", "[]" },
        { "bulk-add", "skip_if_in_workspace", "\"true\"" },
        { "bulk-add", "campaign_id", "42" },
        { "create", "lt_interest_status", "7" },
        { "create", "email", "12" },
        { "bulk-delete", "limit", "10001" },
        { "bulk-delete", "status", "5" },
        { "verify", "email", "null" },
        { "block-create", "bl_value", "42" },
        { "block-bulk-create", "bl_values", "[]" },
        { "block-bulk-create", "bl_values", "[7]" },
        { "block-bulk-delete", "ids", "[]" },
    };

    [Theory]
    [MemberData(nameof(BadValues))]
    public async Task A_bad_value_of_a_known_field_is_refused_in_both_modes(string endpoint, string field, string json)
    {
        foreach (var strict in new[] { true, false })
        {
            await using var api = await RawApi.StartAsync(strict);
            var body = ValidBody(endpoint, api);
            body[field] = JsonNode.Parse(json);
            var (method, path) = Route(endpoint);

            var answer = await api.SendAsync(method, path, body);

            Assert.False(Independent(endpoint, body).IsValid);
            Assert.True(answer.Status == HttpStatusCode.BadRequest, $"strict={strict}: {answer}");
            Assert.Contains(field, answer.Message);
        }
    }

    [Fact]
    public async Task A_thousand_and_one_leads_are_refused()
    {
        await using var api = await RawApi.StartAsync();
        var leads = new JsonArray();
        for (var i = 0; i < 1001; i++) leads.Add(new JsonObject { ["email"] = $"x{i}@y.com" });

        var answer = await api.SendAsync(HttpMethod.Post, "/api/v2/leads/add", new JsonObject { ["campaign_id"] = api.Smb, ["leads"] = leads });

        Assert.Equal(HttpStatusCode.BadRequest, answer.Status);
        Assert.Contains("more than 1000 items", answer.Message);
        Assert.Equal(0, api.Sandbox.State.LeadCount);
    }

    [Fact]
    public async Task Bulk_delete_without_a_campaign_or_list_is_refused_by_the_schema()
    {
        await using var api = await RawApi.StartAsync();

        var answer = await api.SendAsync(HttpMethod.Delete, "/api/v2/leads", new JsonObject { ["ids"] = new JsonArray(Guid.CreateVersion7().ToString()) });

        Assert.Equal(HttpStatusCode.BadRequest, answer.Status);
        Assert.Contains("campaign_id", answer.Message);
    }
}
