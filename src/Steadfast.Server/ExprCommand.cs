using Steadfast.Expressions;

namespace Steadfast.Server;

/// <summary><c>steadfast expr '&lt;cel&gt;' --event '&lt;json&gt;' [--async '&lt;json&gt;']</c>: evaluates an expression as the engine would.</summary>
internal static class ExprCommand
{
    public static int Run(CommandLine cl)
    {
        cl.EnsureOnly("--event", "--async", "--help");
        if (cl.Has("--help") || cl.Positional.Count != 1)
        {
            Console.Error.WriteLine("usage: steadfast expr '<expression>' [--event '<json>'] [--async '<json>']");
            return cl.Has("--help") ? 0 : 2;
        }

        return ExpressionCli.Run(cl.Positional[0], cl.Get("--event"), cl.Get("--async"), Console.Out, Console.Error);
    }
}
