namespace Steadfast.Server;

internal static class ExprCommand
{
    public static int Run(CommandLine cl)
    {
        Console.Error.WriteLine("error: the expression engine is not built into this server yet");
        return cl.Positional.Count == 0 ? 2 : 1;
    }
}
