using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Playwright;

namespace Steadfast.Dashboard.Tests;

/// <summary>A fresh server and browser page per test; fails the test on any script error in the page.</summary>
public abstract class DashboardPageTest(BrowserFixture browser) : IAsyncLifetime
{
    private readonly List<string> _pageErrors = [];
    private IBrowserContext? _context;

    protected DashboardHost Host { get; private set; } = null!;

    protected IPage Page { get; private set; } = null!;

    protected virtual Action<Steadfast.Server.AspNetCore.SteadfastServerOptions>? Configure => null;

    protected virtual BrowserNewContextOptions ContextOptions => new();

    public async Task InitializeAsync()
    {
        Host = await DashboardHost.StartAsync(Configure);
        var options = ContextOptions;
        options.BaseURL = Host.BaseUrl;
        options.ViewportSize = new ViewportSize { Width = 1400, Height = 900 };
        _context = await browser.Browser.NewContextAsync(options);
        Page = await _context.NewPageAsync();
        Page.PageError += (_, e) => _pageErrors.Add(e);
        Page.Console += (_, m) =>
        {
            if (m.Type == "error" && !m.Text.Contains("Failed to load resource", StringComparison.Ordinal))
            {
                _pageErrors.Add(m.Text);
            }
        };
        Page.SetDefaultTimeout(15_000);
        Assertions.SetDefaultExpectTimeout(15_000);
    }

    public async Task DisposeAsync()
    {
        if (_context is not null)
        {
            await _context.DisposeAsync();
        }

        await Host.DisposeAsync();
        Assert.Empty(_pageErrors);
    }

    protected async Task OpenAsync(string hash)
    {
        await Page.GotoAsync("/" + hash);
        await Assertions.Expect(Page.GetByTestId("live")).ToHaveTextAsync("● live");
    }

    protected Task ScreenshotAsync(string name) =>
        Page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(BrowserFixture.ScreenshotDirectory, name + ".png"), FullPage = true });

    protected async Task<JsonElement> GetJsonAsync(string path)
    {
        using var response = await Host.Client.GetAsync(path);
        response.EnsureSuccessStatusCode();
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    /// <summary>The run id in the page's URL (<c>#/runs/{id}</c>) once the page has navigated to a run other than <paramref name="notThis"/>.</summary>
    protected async Task<string> CurrentRunIdAsync(string? notThis = null)
    {
        await Page.WaitForURLAsync(url => url.Contains("#/runs/", StringComparison.Ordinal) && (notThis is null || !url.EndsWith(notThis, StringComparison.Ordinal)), new PageWaitForURLOptions { WaitUntil = WaitUntilState.Commit });
        return Page.Url[(Page.Url.LastIndexOf('/') + 1)..];
    }

    protected async Task<string> CurrentEventIdAsync(string notThis)
    {
        await Page.WaitForURLAsync(url => url.Contains("#/events/", StringComparison.Ordinal) && !url.EndsWith(notThis, StringComparison.Ordinal), new PageWaitForURLOptions { WaitUntil = WaitUntilState.Commit });
        return Page.Url[(Page.Url.LastIndexOf('/') + 1)..];
    }
}
