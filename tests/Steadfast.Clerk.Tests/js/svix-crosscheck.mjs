// Signs and verifies Svix webhooks with the official `svix` package, for the C# cross-check tests.
// Input (stdin): a JSON array of cases
//   { "op": "sign",   "secret": "whsec_...", "id": "msg_...", "timestamp": 1741946402, "payload": "..." }
//   { "op": "verify", "secret": "whsec_...", "headers": { "svix-id": "...", ... }, "payload": "...", "now": 1741946402 }
// Output (stdout): a JSON array of results, one per case: { "signature": "v1,..." } or { "ok": true | false, "error": "..." }.
import { Webhook } from "svix";

const realNow = Date.now;

function run(testCase) {
  const wh = new Webhook(testCase.secret);
  if (testCase.op === "sign") {
    return { signature: wh.sign(testCase.id, new Date(testCase.timestamp * 1000), testCase.payload) };
  }
  if (testCase.op === "verify") {
    // svix reads the clock itself; pin it so the C# side can use fixed timestamps.
    Date.now = () => testCase.now * 1000;
    try {
      wh.verify(testCase.payload, testCase.headers);
      return { ok: true };
    } catch (error) {
      return { ok: false, error: String(error && error.message) };
    } finally {
      Date.now = realNow;
    }
  }
  throw new Error(`unknown op ${testCase.op}`);
}

let input = "";
process.stdin.setEncoding("utf8");
for await (const chunk of process.stdin) {
  input += chunk;
}
process.stdout.write(JSON.stringify(JSON.parse(input).map(run)));
