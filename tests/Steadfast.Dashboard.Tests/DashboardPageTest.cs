using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
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
    protected Task<string> CurrentRunIdAsync(string? notThis = null) => CurrentIdAsync("runs", notThis);

    protected Task<string> CurrentEventIdAsync(string notThis) => CurrentIdAsync("events", notThis);

    /// <summary>Polls the URL (hash navigations may complete before a navigation wait starts).</summary>
    private async Task<string> CurrentIdAsync(string kind, string? notThis)
    {
        var pattern = new Regex($"#/{kind}/{(notThis is null ? "" : $"(?!{notThis}$)")}[0-9A-Z]+$");
        await WithDiagnosticsAsync(() => Assertions.Expect(Page).ToHaveURLAsync(pattern));
        return Page.Url[(Page.Url.LastIndexOf('/') + 1)..];
    }

    /// <summary>Runs <paramref name="wait"/>; on timeout, fails with the page's URL and toasts and keeps a screenshot.</summary>
    protected async Task WithDiagnosticsAsync(Func<Task> wait)
    {
        try
        {
            await wait();
        }
        catch (Exception e) when (e is TimeoutException or PlaywrightException)
        {
            await ScreenshotAsync("failure-" + GetType().Name);
            var toasts = string.Join(" | ", await Page.Locator("#toasts .toast").AllTextContentsAsync());
            throw new TimeoutException($"{e.Message}\nurl: {Page.Url}\ntoasts: {toasts}\npage errors: {string.Join(" | ", _pageErrors)}", e);
        }
    }

}
