namespace Steadfast.Server;

internal static class HelpText
{
    public const string Main = """
        steadfast — a durable, event-driven function engine that speaks the Inngest protocol

        Usage:
          steadfast dev   [options]   run the dev server (no keys, SQLite under ./.steadfast)
          steadfast start [options]   run the self-hosted server (keys required)
          steadfast expr '<cel>' --event '<json>' [--async '<json>']
                                      evaluate an expression as the engine would
          steadfast webhook send --secret whsec_... --url URL FILE.json   sign a payload as Clerk (Svix) would and post it

        Options (dev and start):
          -p, --port PORT             port to listen on (default 8288; STEADFAST_PORT)
          --host HOST                 address to bind (default 127.0.0.1 in dev, 0.0.0.0 in start)
          --sqlite-dir DIR            directory of the SQLite database (default ./.steadfast; STEADFAST_SQLITE_DIR)
          --retry-interval SECONDS    fixed retry delay instead of the backoff table (for tests)
          -u, --sdk-url URL           an app to sync (repeatable)
          --no-discovery              do not look for apps on local ports
          --poll-interval SECONDS     how often -u apps are retried and ports probed (default 5)
          --signing-key KEY           signkey-<env>-<hex> (start; STEADFAST_SIGNING_KEY)
          --signing-key-fallback KEY  previous signing key, still accepted (key rotation)
          --event-key KEY             accepted event key, repeatable (start; STEADFAST_EVENT_KEY)
          --postgres-uri URI          PostgreSQL instead of SQLite, shared by several servers (STEADFAST_POSTGRES_URI)
          --retention DURATION        Delete ended runs and old events after 7d, 12h, ... (STEADFAST_RETENTION; default keep)
          --webhook NAME=SECRET[,OLD] host a Clerk webhook source at POST /webhooks/NAME, verified with the whsec_ secret
                                      (and a previous one during a rotation); events clerk/<type>, id = svix-id
                                      (repeatable; STEADFAST_WEBHOOK="clerk=whsec_... other=whsec_...")
          --webhooks FILE.json        webhook sources from a file: name, secret(s) or secret_env, verification svix|none,
                                      transform clerk|default|FILE.js (Inngest's transform(evt, headers, queryParams, raw)),
                                      max_body_bytes, allowed_events, key (also POST /e/KEY) (repeatable; STEADFAST_WEBHOOKS)
                                      Sources need no event key, in start mode either: URL + signature are the credential.
          -h, --help                  show this help
        """;
}
