using Acornima.Ast;
using Jint;
using Jint.Native;
using Jint.Native.Function;
using Jint.Native.Json;
using Jint.Runtime;

namespace Steadfast.Clerk.Transforms;

/// <summary>
/// Runs an Inngest-format webhook transform, <c>function transform(evt, headers = {}, queryParams = {}, raw = "") { return {...} }</c>,
/// in a Jint sandbox: no CLR access, no <c>eval</c>/<c>Function</c>, strict mode, and time, memory and recursion limits.
/// Every call gets a fresh engine, so no state leaks between requests. Thread-safe.
/// </summary>
/// <remarks>
/// Arguments: <c>evt</c> is the parsed JSON body; <c>headers</c> maps Go-canonical names (<c>Svix-Id</c>) to values
/// (repeats joined with ", "); <c>queryParams</c> maps names to arrays of values; <c>raw</c> is the body text. The result is
/// one event object or an array of them, each with a non-empty <c>name</c> and optional <c>data</c>, <c>id</c>, <c>ts</c>,
/// <c>user</c>, <c>v</c>.
/// </remarks>
public sealed partial class JavaScriptWebhookTransform : IWebhookTransform
{
    // Captured before the user's script runs, so the script cannot swap JSON.stringify under the host.
    private static readonly Prepared<Script> Prelude = Engine.PrepareScript(
        "var __steadfastRun = (function (stringify) { return function (fn, evt, headers, queryParams, raw) { return stringify(fn(evt, headers, queryParams, raw)); }; })(JSON.stringify);",
        "steadfast-prelude",
        strict: true);

    private readonly Prepared<Script> _script;
    private readonly JavaScriptTransformOptions _options;

    /// <summary>Compiles a transform and runs its top level once to check that it defines <c>transform</c>.</summary>
    /// <param name="source">The JavaScript source.</param>
    /// <param name="options">Sandbox limits; defaults when null.</param>
    /// <exception cref="ArgumentNullException"><paramref name="source"/> is null.</exception>
    /// <exception cref="WebhookTransformException">With <see cref="WebhookTransformError.InvalidScript"/>: syntax error, script too long, top-level failure, or no <c>transform</c> function.</exception>
    public JavaScriptWebhookTransform(string source, JavaScriptTransformOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(source);
        _options = options ?? new JavaScriptTransformOptions();
        _options.Validate();
        if (source.Length > _options.MaxScriptLength)
        {
            throw new WebhookTransformException(WebhookTransformError.InvalidScript, $"The transform script is longer than {_options.MaxScriptLength} characters.");
        }

        try
        {
            _script = Engine.PrepareScript(source, "transform.js", strict: false);
        }
        catch (ScriptPreparationException exception)
        {
            throw new WebhookTransformException(WebhookTransformError.InvalidScript, $"The transform script does not parse: {exception.Message}", exception);
        }

        try
        {
            using var cancellation = new CancellationTokenSource(_options.Timeout);
            using var engine = CreateEngine(cancellation.Token);
            LoadTransform(engine);
        }
        catch (WebhookTransformException exception) when (exception.Error != WebhookTransformError.InvalidScript)
        {
            throw new WebhookTransformException(WebhookTransformError.InvalidScript, $"The transform script fails when loaded: {exception.Message}", exception);
        }
    }

    /// <summary>Gets the sandbox limits in force.</summary>
    public JavaScriptTransformOptions Options => _options;

    /// <inheritdoc />
    public IReadOnlyList<TransformedEvent> Transform(WebhookTransformRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        cancellationToken.ThrowIfCancellationRequested();
        var input = TransformInput.From(request);
        string? json;
        using (var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken))
        {
            deadline.CancelAfter(_options.Timeout);
            using var engine = CreateEngine(deadline.Token);
            json = Run(engine, input, cancellationToken);
        }

        return TransformResultReader.Read(json, _options);
    }

    // The deadline is wall-clock on purpose: it guards the host's CPU against a runaway script, which no injected
    // TimeProvider can stop. Jint checks the token between statements.
    private Engine CreateEngine(CancellationToken deadline) =>
        new(options => options
            .Strict(false)
            .DisableStringCompilation()
            .LimitMemory(_options.MemoryLimitBytes)
            .LimitRecursion(_options.RecursionLimit)
            .CancellationToken(deadline));

    private JsValue LoadTransform(Engine engine)
    {
        Guard(() => engine.Execute(in _script), CancellationToken.None);
        var transform = engine.GetValue("transform");
        return transform is Function
            ? transform
            : throw new WebhookTransformException(WebhookTransformError.InvalidScript, "The script defines no function named \"transform\".");
    }

    private string? Run(Engine engine, TransformInput input, CancellationToken cancellationToken)
    {
        engine.Execute(in Prelude);
        var runner = engine.GetValue("__steadfastRun");
        var transform = LoadTransform(engine);
        var parser = new JsonParser(engine);
        JsValue[] arguments =
        [
            transform,
            parser.Parse(input.EventJson),
            parser.Parse(input.HeadersJson),
            parser.Parse(input.QueryJson),
            new JsString(input.Raw),
        ];
        var result = Guard(() => engine.Invoke(runner, JsValue.Undefined, arguments), cancellationToken);
        return result.IsString() ? result.AsString() : null;
    }
}
