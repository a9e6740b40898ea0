using Steadfast.Server;

try
{
    var cl = CommandLine.Parse(args);
    if (cl.Verb is "" or "help" || (cl.Has("--help") && cl.Verb is ""))
    {
        Console.WriteLine(HelpText.Main);
        return cl.Verb is "" && !cl.Has("--help") && args.Length > 0 ? 2 : 0;
    }

    return cl.Verb switch
    {
        "dev" or "start" => await ServeCommand.RunAsync(cl),
        "expr" => ExprCommand.Run(cl),
        "webhook" => await WebhookCommand.RunAsync(cl),
        _ => Fail($"unknown command '{cl.Verb}'. Commands: dev, start, expr. See --help."),
    };
}
catch (ArgumentException ex)
{
    return Fail(ex.Message);
}

static int Fail(string message)
{
    Console.Error.WriteLine($"error: {message}");
    return 2;
}
