using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;

namespace Steadfast.EndToEnd.Tests;

/// <summary>The event API and REST API of the real dev server process, over loopback HTTP.</summary>
public sealed class EventApiHttpTests(DevServerFixture server) : IClassFixture<DevServerFixture>
{
    private HttpClient Client => server.Client;

    private async Task<(HttpStatusCode Status, JsonElement Body, HttpResponseMessage Response)> PostAsync(string path, string json, Action<HttpRequestMessage>? configure = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new StringContent(json, Encoding.UTF8, "application/json") };
        configure?.Invoke(request);
        var response = await Client.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        return (response.StatusCode, JsonDocument.Parse(text).RootElement.Clone(), response);
    }

    [Fact]
    public async Task PostSingleEvent_Returns200WithOneIdAndStatus()
    {
        var (status, body, response) = await PostAsync("/e/any-key", """{"name":"test/single","data":{"x":1}}""");

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(200, body.GetProperty("status").GetInt32());
        var id = Assert.Single(body.GetProperty("ids").EnumerateArray()).GetString()!;
        Assert.Equal(26, id.Length);
        Assert.Equal("dev", response.Headers.GetValues("X-Inngest-Server-Kind").Single());

        var stored = await Client.GetFromJsonAsync<JsonElement>($"/v1/events/{id}");
        var evt = stored.GetProperty("data").GetProperty("event");
        Assert.Equal("test/single", evt.GetProperty("name").GetString());
        Assert.Equal(1, evt.GetProperty("data").GetProperty("x").GetInt32());
        Assert.Equal(id, evt.GetProperty("id").GetString());
        Assert.True(evt.GetProperty("ts").GetInt64() > 1_700_000_000_000);
        Assert.Equal(JsonValueKind.Object, evt.GetProperty("user").ValueKind);
    }

    [Fact]
    public async Task PostArray_ReturnsIdsInRequestOrder()
    {
        var (status, body, _) = await PostAsync("/e/k", """[{"name":"test/order","data":{"i":0}},{"name":"test/order","data":{"i":1}},{"name":"test/order","data":{"i":2}}]""");

        Assert.Equal(HttpStatusCode.OK, status);
        var ids = body.GetProperty("ids").EnumerateArray().Select(e => e.GetString()!).ToList();
        Assert.Equal(3, ids.Count);
        for (var i = 0; i < 3; i++)
        {
            var stored = await Client.GetFromJsonAsync<JsonElement>($"/v1/events/{ids[i]}");
            Assert.Equal(i, stored.GetProperty("data").GetProperty("data").GetProperty("i").GetInt32());
        }
    }

    [Theory]
    [InlineData("""{"name":"inngest/function.failed"}""", 400, "reserved")]
    [InlineData("""[{"name":"ok"},{"name":"INNGEST/x"}]""", 400, "reserved")]
    [InlineData("""{"data":{}}""", 400, "name")]
    [InlineData("""{"name":"a","data":"text"}""", 400, "data")]
    [InlineData("""{"name":"a","ts":"soon"}""", 400, "ts")]
    [InlineData("""{not json""", 400, "JSON")]
    [InlineData("", 400, "JSON")]
    public async Task PostBadEvent_Specific4xxWithJsonError(string json, int expected, string mention)
    {
        var (status, body, _) = await PostAsync("/e/k", json);

        Assert.Equal(expected, (int)status);
        Assert.Contains(mention, body.GetProperty("error").GetString(), StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task PostOversizedEvent_Returns413AndServerKeepsServing()
    {
        var big = JsonSerializer.Serialize(new { name = "test/big", data = new { blob = new string('x', 4 * 1024 * 1024) } });

        var (status, body, _) = await PostAsync("/e/k", big);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, status);
        Assert.Contains("larger than", body.GetProperty("error").GetString());
        var (after, _, _) = await PostAsync("/e/k", """{"name":"test/after-big"}""");
        Assert.Equal(HttpStatusCode.OK, after);
    }

    [Fact]
    public async Task SeedHeader_RetriedRequest_SameIds()
    {
        var seed = $"{1_790_000_000_000},{Convert.ToBase64String(Enumerable.Range(1, 10).Select(i => (byte)i).ToArray())}";
        void Seed(HttpRequestMessage r) => r.Headers.Add("x-inngest-event-id-seed", seed);

        var (_, first, _) = await PostAsync("/e/k", """[{"name":"test/seeded"},{"name":"test/seeded"}]""", Seed);
        var (_, second, _) = await PostAsync("/e/k", """[{"name":"test/seeded"},{"name":"test/seeded"}]""", Seed);

        Assert.Equal(first.GetProperty("ids").ToString(), second.GetProperty("ids").ToString());
    }

    [Fact]
    public async Task UnknownRouteAndUnknownRun_404WithJsonError()
    {
        var route = await Client.GetAsync("/no/such/route");
        var run = await Client.GetAsync("/v1/runs/01JNOTARUN0000000000000000");

        Assert.Equal(HttpStatusCode.NotFound, route.StatusCode);
        Assert.Contains("no route", (await route.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("error").GetString());
        Assert.Equal(HttpStatusCode.NotFound, run.StatusCode);
        Assert.Contains("not found", (await run.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("error").GetString());
    }

    [Fact]
    public async Task ListEvents_FilterByNameAndPaginate()
    {
        var name = "test/list-" + Guid.NewGuid().ToString("N")[..8];
        var batch = string.Join(",", Enumerable.Range(0, 5).Select(i => JsonSerializer.Serialize(new { name, data = new { i } })));
        await PostAsync("/e/k", $"[{batch}]");

        var page1 = await Client.GetFromJsonAsync<JsonElement>($"/v1/events?name={name}&limit=3");
        var cursor = page1.GetProperty("metadata").GetProperty("next_cursor").GetString();
        var page2 = await Client.GetFromJsonAsync<JsonElement>($"/v1/events?name={name}&limit=3&cursor={cursor}");

        Assert.Equal(3, page1.GetProperty("data").GetArrayLength());
        Assert.Equal(2, page2.GetProperty("data").GetArrayLength());
        var all = page1.GetProperty("data").EnumerateArray().Concat(page2.GetProperty("data").EnumerateArray()).Select(e => e.GetProperty("data").GetProperty("i").GetInt32()).ToList();
        Assert.Equal([4, 3, 2, 1, 0], all);
        Assert.Equal(HttpStatusCode.BadRequest, (await Client.GetAsync("/v1/events?limit=0")).StatusCode);
    }

    [Fact]
    public async Task Health_AnswersOk()
    {
        var health = await Client.GetFromJsonAsync<JsonElement>("/health");

        Assert.Equal("ok", health.GetProperty("status").GetString());
    }
}
