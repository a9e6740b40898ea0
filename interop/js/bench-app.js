// The HTTP-driver benchmark's JS app (bench/Steadfast.Bench.Http, results in bench/HTTP-DRIVER.md): an Express
// server exposing serve() from the official inngest SDK (4.24.0) with one function of STEPS trivial step.run calls.
// Kept apart from app.js so the interop app's recording (every call kept in memory) does not weigh on the numbers.
//
// Environment:
//   PORT          port to listen on (default 3000)
//   APP_ID        the Inngest app id (default bench-js)
//   STEPS         number of step.run calls in the function (default 5)
//   EVENT         the trigger event (default bench/steps)
//   STEP_DELAY_MS each step body waits a uniform random 0..2×STEP_DELAY_MS ms (default 0): a slow app that costs
//                 no CPU, answering spread out in time
//   PARENT_PID    exit when this process is gone (the benchmark), so no app outlives it
//   TRACE_CALLS   print the request and response of the first N calls (default 0), to see what the SDK answers
//   INNGEST_DEV   the dev server URL, read by the SDK itself
//
// GET /bench/stats answers {"calls":C,"finals":F,"outbound":{...}}: POSTs served at /api/inngest, function bodies
// that got past their last step (one per run, on the call that returns the run's output), and the SDK's own
// requests to the server by method and path.
"use strict";

const express = require("express");
const { Inngest } = require("inngest");
const { serve } = require("inngest/express");

const port = Number(process.env.PORT || "3000");
const appId = process.env.APP_ID || "bench-js";
const steps = Number(process.env.STEPS || "5");
const eventName = process.env.EVENT || "bench/steps";
const stepDelayMs = Number(process.env.STEP_DELAY_MS || "0");
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

const traceCalls = Number(process.env.TRACE_CALLS || "0");

let calls = 0;
let finals = 0;
const outbound = {};

// Counts what the SDK itself sends to the server (sync, events, checkpoints, API reads).
async function countingFetch(input, init = {}) {
  const url = typeof input === "string" ? input : input instanceof URL ? input.href : input.url;
  const key = `${(init.method || "GET").toUpperCase()} ${new URL(url).pathname}`;
  outbound[key] = (outbound[key] || 0) + 1;
  return fetch(input, init);
}

const inngest = new Inngest({ id: appId, fetch: countingFetch });

const benchSteps = inngest.createFunction(
  { id: "bench-steps", retries: 0, triggers: [{ event: eventName }] },
  async ({ event, step }) => {
    let sum = 0;
    for (let i = 0; i < steps; i++) {
      sum += await step.run(`s${i}`, async () => {
        if (stepDelayMs > 0) await sleep(Math.random() * 2 * stepDelayMs);
        return i;
      });
    }
    finals++;
    return { n: event.data && event.data.n, sum };
  },
);

const app = express();
app.use(express.json({ limit: "10mb" }));
app.use("/api/inngest", (req, res, next) => {
  if (req.method !== "POST") return next();
  calls++;
  if (calls <= traceCalls) {
    const seen = calls;
    const end = res.end;
    res.end = function (chunk, ...rest) {
      console.log(JSON.stringify({ call: seen, url: req.url, reqHeaders: req.headers, body: req.body, status: res.statusCode, resHeaders: res.getHeaders(), response: chunk ? String(chunk) : null }));
      return end.call(this, chunk, ...rest);
    };
  }
  next();
});
app.use("/api/inngest", serve({ client: inngest, functions: [benchSteps] }));
app.get("/bench/stats", (_req, res) => res.json({ calls, finals, outbound }));

app.listen(port, "127.0.0.1", () => console.log(`bench-app (inngest 4) listening on ${port}`));

const parent = Number(process.env.PARENT_PID || "0");
if (parent > 0) {
  setInterval(() => {
    try {
      process.kill(parent, 0);
    } catch {
      process.exit(0);
    }
  }, 1000).unref();
}
