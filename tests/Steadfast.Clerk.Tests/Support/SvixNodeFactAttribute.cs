namespace Steadfast.Clerk.Tests.Support;

/// <summary>A fact that runs the official svix npm package; skipped (with the fix in the message) when its node_modules is absent.</summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class SvixNodeFactAttribute : FactAttribute
{
    public SvixNodeFactAttribute()
    {
        if (!SvixNode.IsInstalled)
        {
            Skip = $"svix npm package not installed: run `npm install --no-audit --no-fund` in {SvixNode.Directory ?? "tests/Steadfast.Clerk.Tests/js"}";
        }
    }
}
