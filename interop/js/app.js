// The interop app: an Express server exposing serve() from the official inngest SDK at /api/inngest,
// driven by tests/Steadfast.Interop.Tests against a real Steadfast server.
//
// Environment:
//   SDK_MAJOR        3 | 4 (default 4): which copy of the SDK to load (`inngest3` is an npm alias of the latest 3.x)
//   PORT             port to listen on (default 3000)
//   APP_ID           the Inngest app id (default interop-v<major>)
//   APP_MODE         full (default): every scenario function and the brief's functions
//                    small: three functions on events prefixed with the app id; POST /admin/drop removes
//                    "drop-me" from what serve() knows, without a sync (scenarios 3 and 44)
//   NO_BODY_PARSER   1: do not install express.json() (scenario 45)
//   SLEEP_OVERRIDE   replaces the "3 days" of the onboarding function's step.sleep (e.g. "2s")
//   PARENT_PID       exit when this process is gone (the test host), so no app outlives its tests
//   INNGEST_*        read by the SDK itself (INNGEST_DEV, INNGEST_BASE_URL, INNGEST_SIGNING_KEY, INNGEST_STREAMING, ...)
//
// Everything the functions and the SDK do is recorded in memory and readable over HTTP:
//   GET /observations/marks?tag=T      what handlers saw (tagged with event.data.tag)
//   GET /observations/calls?run=R      every POST the server made to /api/inngest for run R: request and response
//   GET /observations/calls?fn=F       the same by fnId; ?kind=put|get lists PUT/GET requests
//   GET /observations/outbound?path=P  every request the SDK made to the server (register, events, API)
//   GET /db/users/:id                  the brief's user table
//   POST /send                         inngest.send(body) -> {result} or {error}
"use strict";

const express = require("express");

const major = Number(process.env.SDK_MAJOR || "4");
if (major !== 3 && major !== 4) throw new Error(`SDK_MAJOR must be 3 or 4, got ${process.env.SDK_MAJOR}`);
const sdk = require(major === 4 ? "inngest" : "inngest3");
const { serve } = require(major === 4 ? "inngest/express" : "inngest3/express");
const { Inngest, NonRetriableError, RetryAfterError } = sdk;

const port = Number(process.env.PORT || "3000");
const appId = process.env.APP_ID || `interop-v${major}`;
const mode = process.env.APP_MODE || "full";
const sleepOverride = process.env.SLEEP_OVERRIDE || "";

// ---- observations -------------------------------------------------------------------------------

const marks = [];
const calls = [];
const outbound = [];
const maxText = 20000;

const clip = (s) => (typeof s === "string" && s.length > maxText ? s.slice(0, maxText) + `…(${s.length} chars)` : s);
const now = () => Date.now();

function mark(tag, kind, data) {
  marks.push({ at: now(), tag: tag ?? null, kind, data: data === undefined ? null : data });
}

// The SDK's outbound requests (register, send, checkpoint, use_api fetches) go through this fetch.
async function recordingFetch(input, init = {}) {
  const url = typeof input === "string" ? input : input instanceof URL ? input.href : input.url;
  const headers = {};
  new Headers(init.headers || (typeof input === "object" && input.headers) || {}).forEach((v, k) => (headers[k] = v));
  const entry = {
    at: now(),
    method: (init.method || "GET").toUpperCase(),
    url,
    path: new URL(url).pathname,
    headers,
    body: typeof init.body === "string" ? clip(init.body) : null,
    status: null,
    response: null,
  };
  outbound.push(entry);
  try {
    const res = await fetch(input, init);
    entry.status = res.status;
    try {
      entry.response = clip(await res.clone().text());
    } catch {
      entry.response = null;
    }
    return res;
  } catch (err) {
    entry.error = String(err);
    throw err;
  }
}

// ---- the client and functions --------------------------------------------------------------------

const inngest = new Inngest({ id: appId, fetch: recordingFetch });

// v4 takes triggers in the options; v3 as the second argument.
function fn(options, triggers, handler) {
  return major === 4
    ? inngest.createFunction({ ...options, triggers }, handler)
    : inngest.createFunction(options, triggers, handler);
}

const tagOf = (event) => (event && event.data ? event.data.tag : undefined);

function scenarioFunctions() {
  const fns = [];

  // 13: the event as delivered.
  fns.push(fn({ id: "s13-event-shape" }, { event: "interop/s13.shape" }, async ({ event, events }) => {
    mark(tagOf(event), "event", { event, eventsLength: events.length });
    return { event };
  }));

  // 14: trigger expression.
  fns.push(fn({ id: "s14-expression" }, { event: "interop/s14.expr", if: "event.data.x == 1" }, async ({ event }) => {
    mark(tagOf(event), "ran", event.data);
    return event.data.x;
  }));

  // 15: wildcard trigger.
  fns.push(fn({ id: "s15-wildcard" }, { event: "interop-s15/*" }, async ({ event }) => {
    mark(tagOf(event), "ran", { name: event.name });
    return event.name;
  }));

  // 16: no steps; also the target of the event API scenarios (8-12).
  fns.push(fn({ id: "s16-no-step" }, [{ event: "interop/s16.plain" }, { event: "interop/s08.api" }], async ({ event }) => {
    mark(tagOf(event), "ran", { id: event.id });
    return { ok: true, tag: tagOf(event) ?? null };
  }));

  // 17: serial steps.
  fns.push(fn({ id: "s17-serial" }, { event: "interop/s17.serial" }, async ({ event, step }) => {
    const a = await step.run("a", () => "A");
    const b = await step.run("b", () => a + "B");
    const c = await step.run("c", () => b + "C");
    mark(tagOf(event), "done", { a, b, c });
    return { a, b, c };
  }));

  // 18: a repeated step id in a loop.
  fns.push(fn({ id: "s18-loop" }, { event: "interop/s18.loop" }, async ({ event, step }) => {
    const out = [];
    for (let i = 0; i < 3; i++) {
      out.push(await step.run("loop", () => {
        mark(tagOf(event), "executed", { i });
        return i * 10;
      }));
    }
    return out;
  }));

  // 19: parallel steps, then a single step after the fan-in.
  fns.push(fn({ id: "s19-parallel" }, { event: "interop/s19.parallel" }, async ({ event, step }) => {
    const a = await step.run("a", () => "A");
    const [b, c] = await Promise.all([
      step.run("b", () => { mark(tagOf(event), "executed", { step: "b" }); return "B"; }),
      step.run("c", () => { mark(tagOf(event), "executed", { step: "c" }); return "C"; }),
    ]);
    const d = await step.run("d", () => { mark(tagOf(event), "executed", { step: "d" }); return "D"; });
    return { a, b, c, d };
  }));

  // 20: a step that throws on attempts 0 and 1 and succeeds on 2.
  fns.push(fn({ id: "s20-step-retry" }, { event: "interop/s20.retry" }, async ({ event, step, attempt }) => {
    const v = await step.run("flaky", () => {
      mark(tagOf(event), "attempt", { attempt });
      if (attempt < 2) throw new Error(`flaky failure ${attempt}`);
      return { attempt };
    });
    return v;
  }));

  // 21: a step that exhausts its retries, caught by the user.
  fns.push(fn({ id: "s21-step-caught", retries: 1 }, { event: "interop/s21.caught" }, async ({ event, step, attempt }) => {
    try {
      await step.run("boom", () => {
        mark(tagOf(event), "attempt", { attempt });
        throw new Error("step exploded");
      });
      return { caught: null };
    } catch (err) {
      mark(tagOf(event), "caught", { name: err.name, message: err.message });
      return { caught: err.message };
    }
  }));

  // 22: the same without a catch; the onFailure handler records what it receives.
  fns.push(fn({
    id: "s22-step-uncaught",
    retries: 1,
    onFailure: async ({ event, error }) => {
      const original = event.data.event;
      mark(tagOf(original), "onFailure", {
        name: event.name,
        function_id: event.data.function_id,
        run_id: event.data.run_id,
        error: event.data.error,
        errorMessage: error ? error.message : null,
      });
    },
  }, { event: "interop/s22.uncaught" }, async ({ event, step, attempt }) => {
    await step.run("boom", () => {
      mark(tagOf(event), "attempt", { attempt });
      throw new Error("step exploded for good");
    });
    return "unreachable";
  }));

  // 23: NonRetriableError at function level.
  fns.push(fn({ id: "s23-non-retriable" }, { event: "interop/s23.nonretriable" }, async ({ event, attempt }) => {
    mark(tagOf(event), "attempt", { attempt });
    throw new NonRetriableError("no point retrying");
  }));

  // 24: RetryAfterError; the delay comes from the event so the test stays short.
  fns.push(fn({ id: "s24-retry-after" }, { event: "interop/s24.retryafter" }, async ({ event, attempt }) => {
    mark(tagOf(event), "attempt", { attempt });
    if (attempt === 0) throw new RetryAfterError("come back later", event.data.retryAfter || "4s");
    return { attempt };
  }));

  // 25: function-level retry budget.
  fns.push(fn({ id: "s25-retry-budget", retries: 2 }, { event: "interop/s25.budget" }, async ({ event, attempt }) => {
    mark(tagOf(event), "attempt", { attempt });
    throw new Error(`plain failure ${attempt}`);
  }));

  // 26: sleep.
  fns.push(fn({ id: "s26-sleep" }, { event: "interop/s26.sleep" }, async ({ event, step }) => {
    await step.run("before", () => { mark(tagOf(event), "before", {}); return now(); });
    await step.sleep("s", "2s");
    const after = await step.run("after", () => { mark(tagOf(event), "after", {}); return now(); });
    return { after };
  }));

  // 27: sleepUntil, a past instant and a near-future one.
  fns.push(fn({ id: "s27-sleep-until" }, { event: "interop/s27.until" }, async ({ event, step }) => {
    await step.sleepUntil("past", new Date(event.data.past));
    await step.run("between", () => { mark(tagOf(event), "between", {}); return now(); });
    await step.sleepUntil("future", new Date(event.data.future));
    const at = await step.run("after", () => { mark(tagOf(event), "after", {}); return now(); });
    return { at };
  }));

  // 28: waitForEvent matched by an expression.
  fns.push(fn({ id: "s28-wait-match" }, { event: "interop/s28.start" }, async ({ event, step }) => {
    await step.run("ready", () => { mark(tagOf(event), "waiting", {}); return true; });
    const got = await step.waitForEvent("wait", {
      event: "interop/s28.resume",
      timeout: "30s",
      if: "event.data.id == async.data.id",
    });
    mark(tagOf(event), "resumed", { got });
    return { got };
  }));

  // 29: waitForEvent timing out.
  fns.push(fn({ id: "s29-wait-timeout" }, { event: "interop/s29.start" }, async ({ event, step }) => {
    const got = await step.waitForEvent("wait", { event: "interop/s29.never", timeout: "2s" });
    mark(tagOf(event), "resumed", { got });
    return { got };
  }));

  // 30: cancelOn.
  fns.push(fn({
    id: "s30-cancel-on",
    cancelOn: [{ event: "interop/s30.cancel", match: "data.user" }],
  }, { event: "interop/s30.start" }, async ({ event, step }) => {
    await step.run("started", () => { mark(tagOf(event), "started", {}); return true; });
    await step.sleep("long-nap", "1h");
    mark(tagOf(event), "woke", {});
    return "woke";
  }));

  // 31/32: invoke.
  const child = fn({ id: "s31-child" }, { event: "interop/s31.child-direct" }, async ({ event }) => {
    mark(tagOf(event), "child", { name: event.name, data: event.data });
    if (event.data.fail) throw new NonRetriableError("child refused");
    return { doubled: event.data.n * 2 };
  });
  fns.push(child);
  fns.push(fn({ id: "s31-invoke" }, { event: "interop/s31.invoke" }, async ({ event, step }) => {
    const ok = await step.invoke("call-child", { function: child, data: { n: 21, tag: tagOf(event) } });
    let failed = null;
    try {
      await step.invoke("call-child-failing", { function: child, data: { n: 1, fail: true, tag: tagOf(event) } });
    } catch (err) {
      failed = { name: err.name, message: err.message };
    }
    mark(tagOf(event), "parent", { ok, failed });
    return { ok, failed };
  }));
  const slowChild = fn({ id: "s32-slow-child" }, { event: "interop/s32.child-direct" }, async ({ step }) => {
    await step.sleep("slow", "30s");
    return "late";
  });
  fns.push(slowChild);
  fns.push(fn({ id: "s32-invoke-timeout" }, { event: "interop/s32.invoke" }, async ({ event, step }) => {
    try {
      const r = await step.invoke("call-slow", { function: slowChild, data: { tag: tagOf(event) }, timeout: "2s" });
      mark(tagOf(event), "parent", { result: r, error: null });
      return { error: null };
    } catch (err) {
      mark(tagOf(event), "parent", { result: null, error: { name: err.name, message: err.message } });
      return { error: err.name };
    }
  }));

  // 33: step.sendEvent, and a receiver.
  fns.push(fn({ id: "s33-send-event" }, { event: "interop/s33.start" }, async ({ event, step }) => {
    const sent = await step.sendEvent("send", { name: "interop/s33.sent", data: { tag: tagOf(event) } });
    const after = await step.run("after", () => { mark(tagOf(event), "after", { sent }); return true; });
    return { sent, after };
  }));
  fns.push(fn({ id: "s33-receiver" }, { event: "interop/s33.sent" }, async ({ event }) => {
    mark(tagOf(event), "received", { id: event.id });
    return "received";
  }));

  // 34: batching.
  fns.push(fn({ id: "s34-batch", batchEvents: { maxSize: 3, timeout: "5s", key: "event.data.tag" } }, { event: "interop/s34.batch" }, async ({ event, events }) => {
    mark(tagOf(event), "batch", { count: events.length, ns: events.map((e) => e.data.n) });
    return events.length;
  }));

  // 35: cron, every minute; and a zoned cron that must be accepted at sync.
  fns.push(fn({ id: "s35-cron" }, { cron: "* * * * *" }, async ({ event }) => {
    mark("cron", "tick", { name: event.name, data: event.data });
    return "tick";
  }));
  fns.push(fn({ id: "s35-cron-tz" }, { cron: "TZ=Asia/Tokyo 0 9 * * *" }, async () => "morning"));

  // 36: concurrency 1.
  fns.push(fn({ id: "s36-concurrency", concurrency: 1 }, { event: "interop/s36.busy" }, async ({ event, step }) => {
    await step.run("busy", async () => {
      mark(tagOf(event), "start", { n: event.data.n });
      const until = now() + 1000;
      while (now() < until) await new Promise((r) => setTimeout(r, 20));
      mark(tagOf(event), "end", { n: event.data.n });
      return true;
    });
    return event.data.n;
  }));

  // 37: state larger than the server sends inline (use_api).
  fns.push(fn({ id: "s37-use-api" }, { event: "interop/s37.big" }, async ({ event, step }) => {
    const sizes = [];
    for (const id of ["big-1", "big-2", "big-3"]) {
      const s = await step.run(id, () => "x".repeat(1_600_000));
      sizes.push(s.length);
    }
    mark(tagOf(event), "sizes", { sizes });
    return { sizes };
  }));

  // 41-43: a plain serial function with the run's own output (used in streaming/versions/checkpoint checks).
  fns.push(fn({ id: "s42-three-steps" }, { event: "interop/s42.steps" }, async ({ event, step }) => {
    const one = await step.run("one", () => 1);
    const two = await step.run("two", () => one + 1);
    const three = await step.run("three", () => two + 1);
    mark(tagOf(event), "done", { one, two, three });
    return { sum: one + two + three };
  }));

  return fns;
}

// ---- the brief's functions ---------------------------------------------------------------------

const users = new Map(); // the "database"
const emails = []; // the "email provider"

const primaryEmail = (user) => {
  const found = (user.email_addresses || []).find((e) => e.id === user.primary_email_address_id);
  return found ? found.email_address : null;
};

function briefFunctions() {
  return [
    fn({ id: "sync-user-from-clerk" }, { event: "clerk/user.created" }, async ({ event, step }) => {
      const user = event.data;
      const row = await step.run("insert-user", () => {
        const r = { id: user.id, email: primaryEmail(user), first_name: user.first_name, last_name: user.last_name, updated_at: user.updated_at };
        const existing = users.get(user.id);
        // Duplicate or out-of-order deliveries never overwrite newer data.
        if (!existing || (existing.updated_at ?? 0) <= (r.updated_at ?? 0)) users.set(user.id, r);
        return users.get(user.id);
      });
      return row;
    }),
    fn({ id: "update-user-from-clerk" }, { event: "clerk/user.updated" }, async ({ event, step }) => {
      const user = event.data;
      return step.run("update-user", () => {
        const existing = users.get(user.id);
        const r = { id: user.id, email: primaryEmail(user), first_name: user.first_name, last_name: user.last_name, updated_at: user.updated_at };
        if (!existing || (existing.updated_at ?? 0) <= (r.updated_at ?? 0)) users.set(user.id, r);
        return users.get(user.id);
      });
    }),
    fn({ id: "delete-user-from-clerk" }, { event: "clerk/user.deleted" }, async ({ event, step }) => {
      return step.run("delete-user", () => ({ deleted: users.delete(event.data.id) }));
    }),
    fn({ id: "send-welcome-email" }, { event: "clerk/user.created" }, async ({ event, step }) => {
      const user = event.data;
      return step.run("send-email", () => {
        const mail = { kind: "welcome", to: primaryEmail(user), first_name: user.first_name, user: user.id, at: now() };
        emails.push(mail);
        return mail;
      });
    }),
    fn({ id: "onboarding-emails" }, { event: "clerk/user.created" }, async ({ event, step }) => {
      const user = event.data;
      const to = primaryEmail(user);
      await step.run("welcome-email", () => {
        emails.push({ kind: "onboarding-welcome", to, user: user.id, at: now() });
        return true;
      });
      // "3 days" in production; tests shorten it through SLEEP_OVERRIDE.
      await step.sleep("wait-3-days", sleepOverride || "3 days");
      await step.run("trial-offer-email", () => {
        emails.push({ kind: "trial-offer", to, user: user.id, at: now() });
        return true;
      });
      return { user: user.id };
    }),
  ];
}

// ---- the small app (scenarios 3, 5-7, 38-41, 44, 45) ---------------------------------------------------
// Event names are prefixed with the app id so several small apps can share one server.

function smallFunctions(includeDropped) {
  const fns = [
    fn({ id: "steps" }, { event: `${appId}/steps` }, async ({ event, step }) => {
      const one = await step.run("one", () => 1);
      const two = await step.run("two", () => one + 1);
      const three = await step.run("three", () => two + 1);
      mark(tagOf(event), "done", { one, two, three });
      return { sum: one + two + three };
    }),
    fn({ id: "keep", retries: 1 }, { event: `${appId}/keep` }, async ({ event }) => {
      mark(tagOf(event), "keep", {});
      return "kept";
    }),
  ];
  if (includeDropped) {
    fns.push(fn({ id: "drop-me", retries: 1 }, { event: `${appId}/drop` }, async ({ event, step }) => {
      await step.run("first", () => { mark(tagOf(event), "drop-me", {}); return true; });
      if (event.data.sleep) await step.sleep("nap", event.data.sleep);
      return "dropped-function-ran";
    }));
  }
  return fns;
}

// ---- express ------------------------------------------------------------------------------------

const app = express();
if (process.env.NO_BODY_PARSER !== "1") app.use(express.json({ limit: "64mb" }));

// Records every request to the serve endpoint and the response it got.
function recordCalls(req, res, next) {
  const entry = {
    at: now(),
    method: req.method,
    query: { ...req.query },
    headers: { ...req.headers },
    body: req.body && typeof req.body === "object" ? summarizeCallBody(req.body) : null,
    status: null,
    responseHeaders: null,
    response: null,
    finishedAt: null,
  };
  calls.push(entry);
  const chunks = [];
  const write = res.write.bind(res);
  const end = res.end.bind(res);
  res.write = (chunk, ...rest) => {
    if (chunk) chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk)));
    return write(chunk, ...rest);
  };
  res.end = (chunk, ...rest) => {
    if (chunk && typeof chunk !== "function") chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk)));
    entry.status = res.statusCode;
    entry.responseHeaders = res.getHeaders();
    entry.response = clip(Buffer.concat(chunks).toString("utf8"));
    entry.finishedAt = now();
    return end(chunk, ...rest);
  };
  next();
}

function summarizeCallBody(body) {
  const steps = {};
  for (const [k, v] of Object.entries(body.steps || {})) steps[k] = clip(JSON.stringify(v));
  return {
    version: body.version,
    use_api: body.use_api,
    ctx: body.ctx,
    event: body.event,
    eventsLength: Array.isArray(body.events) ? body.events.length : null,
    steps,
    url: body.url,
  };
}

let handler;
if (mode === "small") {
  const full = serve({ client: inngest, functions: smallFunctions(true) });
  const reduced = serve({ client: inngest, functions: smallFunctions(false) });
  let current = full;
  handler = (req, res, next) => current(req, res, next);
  app.post("/admin/drop", (_req, res) => {
    current = reduced;
    res.json({ dropped: true });
  });
} else {
  handler = serve({ client: inngest, functions: [...scenarioFunctions(), ...briefFunctions()] });
}
app.use("/api/inngest", recordCalls, handler);

app.get("/healthz", (_req, res) => res.json({ ok: true, major, appId, mode }));

app.get("/observations/marks", (req, res) => {
  const { tag, kind } = req.query;
  res.json(marks.filter((m) => (tag === undefined || m.tag === tag) && (kind === undefined || m.kind === kind)));
});

app.get("/observations/calls", (req, res) => {
  const { run, fn: fnId, kind } = req.query;
  res.json(calls.filter((c) => {
    if (kind) return c.method.toLowerCase() === String(kind).toLowerCase();
    if (run) return c.body && c.body.ctx && c.body.ctx.run_id === run;
    if (fnId) return c.query.fnId === fnId;
    return true;
  }));
});

app.get("/observations/outbound", (req, res) => {
  const { path, contains } = req.query;
  res.json(outbound.filter((o) => (path === undefined || o.path === path) && (contains === undefined || (o.body || "").includes(contains))));
});

app.get("/db/users/:id", (req, res) => {
  const u = users.get(req.params.id);
  if (!u) return res.status(404).json({ error: "not found" });
  res.json(u);
});

app.get("/emails", (req, res) => res.json(emails.filter((e) => req.query.user === undefined || e.user === req.query.user)));

app.post("/send", express.json({ limit: "64mb" }), async (req, res) => {
  try {
    const result = await inngest.send(req.body);
    res.json({ result });
  } catch (err) {
    res.status(500).json({ error: String(err && err.message ? err.message : err) });
  }
});

const server = app.listen(port, () => {
  console.log(`interop app (inngest v${major}, ${mode}, ${appId}) on http://localhost:${port}/api/inngest`);
});

// A test host that dies must not leave apps behind.
if (process.env.PARENT_PID) {
  const parent = Number(process.env.PARENT_PID);
  setInterval(() => {
    try {
      process.kill(parent, 0);
    } catch {
      server.close();
      process.exit(0);
    }
  }, 1000).unref();
}
