using System.Text.Json;
using System.Text.Json.Nodes;
using ColdEmail.Sandbox.Validation;
using CsCheck;
using Json.Schema;

namespace ColdEmail.Sandbox.Tests;

/// <summary>
/// The sandbox's fast validator and an independent one (JsonSchema.Net) judge random bodies of known fields the same
/// way, so the sandbox's 400s are the schema's and nothing else.
/// </summary>
public sealed class ValidatorAgreementTests
{
    private static readonly Dictionary<string, JsonNode?[]> ListValues = new()
    {
        ["campaign"] = ["019ffad2-90b0-7d6d-b877-e244a0d3d2b2", "nope", 12, null],
        ["limit"] = [1, 50, 100, 0, 101, 2.5, "10"],
        ["starting_after"] = ["019ffad2-90b0-7d6d-b877-e244a0d3d2b2", 3],
        ["ids"] = [new JsonArray("019ffad2-90b0-7d6d-b877-e244a0d3d2b2"), new JsonArray("x"), new JsonArray(), "019ffad2-90b0-7d6d-b877-e244a0d3d2b2"],
        ["contacts"] = [new JsonArray("a@b.com"), new JsonArray(), new JsonArray(5)],
        ["in_campaign"] = [true, false, "true", 1],
        ["filter"] = ["FILTER_VAL_ACTIVE", 7],
        ["enrichment_status"] = [1, -1, 11, -2, 3, "1"],
        ["esg_code"] = ["0", "all", "none", "5", 0],
    };

    private static readonly Dictionary<string, JsonNode?[]> LeadValues = new()
    {
        ["email"] = ["a@b.com", null, 5, true],
        ["first_name"] = ["Jo", null, 1],
        ["lt_interest_status"] = [0, 1, -4, 4, 5, "1", null],
        ["assigned_to"] = ["019ffad2-90b0-7d6d-b877-e244a0d3d2b2", "me", null],
        ["custom_variables"] = [new JsonObject { ["a"] = 1, ["b"] = "x", ["c"] = true, ["d"] = null }, new JsonObject { ["a"] = new JsonArray() },
            new JsonObject { ["o"] = new JsonObject() }, "vars"],
    };

    private static Gen<JsonObject> Body(Dictionary<string, JsonNode?[]> values) =>
        Gen.Select(values.Keys.Select(k => Gen.Int[-1, values[k].Length - 1].Select(i => (k, i))).ToArray().Aggregate(
            Gen.Const(new List<(string, int)>()),
            (acc, g) => acc.Select(g, (list, x) => { var l = new List<(string, int)>(list) { x }; return l; })),
            picks =>
            {
                var o = new JsonObject();
                foreach (var (key, i) in picks)
                    if (i >= 0) o[key] = values[key][i]?.DeepClone();
                return o;
            });

    private static bool Independent(string method, string path, JsonObject body)
    {
        var schema = JsonSchema.Build(ApiSchema.Instance.RequestSchema(method, path), new BuildOptions { Dialect = Dialect.Draft202012 });
        using var doc = JsonDocument.Parse(body.ToJsonString());
        return schema.Evaluate(doc.RootElement, new EvaluationOptions { OutputFormat = OutputFormat.Flag, RequireFormatValidation = true }).IsValid;
    }

    private static bool Ours(string method, string path, JsonObject body)
    {
        using var doc = JsonDocument.Parse(body.ToJsonString());
        return ApiSchema.Instance.Validate(method, path, doc.RootElement, strict: true) is null;
    }

    [Fact]
    public void List_bodies_are_judged_alike()
    {
        var verdicts = new HashSet<bool>();
        Body(ListValues).Sample(body =>
        {
            var ours = Ours("POST", "/api/v2/leads/list", body);
            lock (verdicts) verdicts.Add(ours);
            Assert.True(ours == Independent("POST", "/api/v2/leads/list", body), body.ToJsonString());
        }, iter: 400, threads: 1);
        Assert.Equal(2, verdicts.Count); // both valid and invalid bodies were tried
    }

    [Fact]
    public void Bulk_add_bodies_are_judged_alike()
    {
        var verdicts = new HashSet<bool>();
        Gen.Select(Body(LeadValues).Array[0, 3], Gen.Bool, (leads, withCampaign) =>
        {
            var o = new JsonObject { ["leads"] = new JsonArray(leads.Select(l => (JsonNode)l).ToArray()) };
            if (withCampaign) o["campaign_id"] = "019ffad2-90b0-7d6d-b877-e244a0d3d2b2";
            return o;
        }).Sample(body =>
        {
            var ours = Ours("POST", "/api/v2/leads/add", body);
            lock (verdicts) verdicts.Add(ours);
            Assert.True(ours == Independent("POST", "/api/v2/leads/add", body), body.ToJsonString());
        }, iter: 400, threads: 1);
        Assert.Equal(2, verdicts.Count);
    }
}
