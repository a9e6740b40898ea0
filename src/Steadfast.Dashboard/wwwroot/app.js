// The Steadfast dashboard: one hand-written ES module, no build step. Hash routes (#/runs/ID) keep every page
// addressable without server-side routing. Live updates come from /v1/stream (Server-Sent Events); a notification
// only schedules a refetch of what the page shows (one bounded query), so bursts never turn into N requests.

const main = document.getElementById('main');
const modal = document.getElementById('modal');
const STATUSES = ['Queued', 'Running', 'Completed', 'Failed', 'Cancelled'];

// ---------- helpers ----------
const esc = (s) => String(s ?? '').replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' }[c]));
const enc = encodeURIComponent;

async function api(path, { method = 'GET', body } = {}) {
  const init = { method, headers: { Accept: 'application/json' } };
  if (method !== 'GET') {
    init.headers['X-Steadfast-Action'] = '1';
    init.headers['Content-Type'] = 'application/json';
    init.body = JSON.stringify(body ?? {});
  }
  const res = await fetch(path, init);
  const text = await res.text();
  let json = null;
  try { json = text ? JSON.parse(text) : null; } catch { json = { error: text }; }
  if (!res.ok) {
    const err = new Error(json?.error || `${res.status} ${res.statusText}`);
    err.status = res.status;
    throw err;
  }
  return json;
}

function toast(message, error = false) {
  const el = document.createElement('div');
  el.className = 'toast' + (error ? ' err' : '');
  el.setAttribute('data-testid', error ? 'toast-error' : 'toast');
  el.textContent = message;
  document.getElementById('toasts').append(el);
  setTimeout(() => el.remove(), error ? 8000 : 4000);
}

function ms(t) { return typeof t === 'number' ? t : Date.parse(t); }

function relative(t) {
  const d = Date.now() - ms(t);
  const a = Math.abs(d);
  const s = Math.round(a / 1000);
  let r;
  if (s < 5) r = 'just now';
  else if (s < 60) r = `${s}s`;
  else if (Math.round(s / 60) < 60) r = `${Math.round(s / 60)}m`;
  else if (Math.round(s / 3600) < 24) r = `${Math.round(s / 3600)}h`;
  else r = `${Math.round(s / 86400)}d`;
  if (r === 'just now') return r;
  return d >= 0 ? `${r} ago` : `in ${r}`;
}

function absolute(t) {
  const d = new Date(ms(t));
  return isNaN(d) ? '' : d.toISOString().replace('T', ' ').replace('Z', ' UTC');
}

function time(t) {
  if (t == null) return '<span class="muted">—</span>';
  return `<time data-t="${ms(t)}" title="${esc(absolute(t))}">${esc(relative(t))}</time>`;
}

function duration(a, b) {
  if (a == null) return '';
  const d = (b == null ? Date.now() : ms(b)) - ms(a);
  if (d < 1000) return `${d} ms`;
  if (d < 60000) return `${(d / 1000).toFixed(d < 10000 ? 2 : 1)} s`;
  if (d < 3600000) return `${Math.floor(d / 60000)}m ${Math.round((d % 60000) / 1000)}s`;
  return `${Math.floor(d / 3600000)}h ${Math.round((d % 3600000) / 60000)}m`;
}

const badge = (status) => `<span class="badge s-${esc(status)}" data-testid="status">${esc(status)}</span>`;

function highlight(json) {
  return esc(json).replace(/(&quot;(?:\\.|[^\\&]|&(?!quot;))*?&quot;)(\s*:)?|\b(true|false)\b|\bnull\b|-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?/g, (m, str, colon, bool) => {
    if (str) return colon ? `<span class="j-key">${str}</span>${colon}` : `<span class="j-str">${str}</span>`;
    if (bool) return `<span class="j-bool">${m}</span>`;
    if (m === 'null') return `<span class="j-null">${m}</span>`;
    return `<span class="j-num">${m}</span>`;
  });
}

function jsonView(value, testid = 'json') {
  const text = JSON.stringify(value, null, 2) ?? 'null';
  return `<div class="json" data-testid="${testid}"><button class="btn small copy" data-copy="${esc(text)}">Copy</button><pre>${highlight(text)}</pre></div>`;
}

function qs() {
  const i = location.hash.indexOf('?');
  return new URLSearchParams(i < 0 ? '' : location.hash.slice(i + 1));
}

function toLocalInput(value) {
  if (!value) return '';
  const d = new Date(ms(/^\d+$/.test(value) ? Number(value) : value));
  if (isNaN(d)) return '';
  const p = (n) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}T${p(d.getHours())}:${p(d.getMinutes())}`;
}

function fromLocalInput(value) { return value ? new Date(value).toISOString() : ''; }

function setHashQuery(base, params) {
  const p = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v) p.set(k, v);
  const s = p.toString();
  location.hash = base + (s ? `?${s}` : '');
}

let functionsCache = null;
async function functions(force = false) {
  if (!functionsCache || force) functionsCache = (await api('/v1/functions')).data;
  return functionsCache;
}
const fnName = (id) => functionsCache?.find((f) => f.id === id)?.name || id;

// ---------- live updates ----------
let refresh = null;       // the current page's refetch, or null
let refreshTimer = null;
let refreshing = false;   // refetches never overlap: one more runs after the current one when asked meanwhile
let refreshAgain = false;
function scheduleRefresh() {
  if (!refresh || refreshTimer) return;
  if (refreshing) { refreshAgain = true; return; }
  refreshTimer = setTimeout(async () => {
    refreshTimer = null;
    const r = refresh;
    if (!r) return;
    refreshing = true;
    try { await r(); } catch (e) { console.warn(e); } finally { refreshing = false; }
    if (refreshAgain) { refreshAgain = false; scheduleRefresh(); }
  }, 200);
}

function connectStream() {
  const live = document.getElementById('live');
  const source = new EventSource('/v1/stream');
  // On (re)connection refetch once: whatever changed between the page's first fetch (or a dropped connection) and
  // this subscription sent no message to us, and would otherwise stay stale until the next change.
  source.addEventListener('hello', () => { live.className = 'live on'; live.textContent = '● live'; scheduleRefresh(); });
  source.addEventListener('events', scheduleRefresh);
  source.addEventListener('run', scheduleRefresh);
  source.onerror = () => { live.className = 'live off'; live.textContent = '● reconnecting'; };
}

// ---------- modal ----------
function openModal(html, onSubmit) {
  modal.innerHTML = `<form method="dialog" data-testid="modal">${html}<div class="error-text" data-testid="modal-error"></div>
    <div class="row"><span class="spacer"></span><button type="button" class="btn" data-close>Cancel</button>
    <button type="submit" class="btn primary" data-testid="modal-submit">Submit</button></div></form>`;
  const form = modal.querySelector('form');
  form.querySelector('[data-close]').addEventListener('click', () => modal.close());
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    try { await onSubmit(form); modal.close(); } catch (err) { form.querySelector('.error-text').textContent = err.message; }
  });
  modal.showModal();
  form.querySelector('textarea, input')?.focus();
}

function parseJsonField(form, name) {
  const text = form.querySelector(`[name=${name}]`).value.trim();
  try { return text ? JSON.parse(text) : {}; } catch (e) { throw new Error(`${name} is not valid JSON: ${e.message}`); }
}

function sendEventDialog(prefill) {
  const value = prefill ?? { name: 'app/test.event', data: {} };
  openModal(`<h3>Send event</h3><p class="muted small">An event object (or an array of them): <code>name</code>, <code>data</code>, optional <code>id</code>, <code>user</code>, <code>ts</code>.</p>
    <textarea name="event" data-testid="send-event-json" spellcheck="false">${esc(JSON.stringify(value, null, 2))}</textarea>`, async (form) => {
    const body = parseJsonField(form, 'event');
    const r = await api('/v1/events', { method: 'POST', body });
    toast(`Sent ${r.data.event_ids.length} event(s), ${r.data.run_ids.length} run(s) started`);
    location.hash = `#/events/${r.data.event_ids[0]}`;
  });
}

// ---------- keyboard ----------
let pendingG = false;
document.addEventListener('keydown', (e) => {
  const typing = ['INPUT', 'TEXTAREA', 'SELECT'].includes(document.activeElement?.tagName);
  if (e.key === 'Escape' && typing) { document.activeElement.blur(); return; }
  if (typing || e.metaKey || e.ctrlKey || e.altKey || modal.open) return;
  if (pendingG) {
    pendingG = false;
    const target = { s: 'stream', e: 'events', r: 'runs', f: 'functions', a: 'apps', w: 'webhooks' }[e.key];
    if (target) { location.hash = `#/${target}`; e.preventDefault(); }
    return;
  }
  if (e.key === 'g') { pendingG = true; setTimeout(() => (pendingG = false), 1200); return; }
  if (e.key === '/') { const s = main.querySelector('[data-search]'); if (s) { e.preventDefault(); s.focus(); } return; }
  if (e.key === 'j' || e.key === 'k' || e.key === 'ArrowDown' || e.key === 'ArrowUp') { moveSelection(e.key === 'j' || e.key === 'ArrowDown' ? 1 : -1); e.preventDefault(); return; }
  if (e.key === 'Enter' || e.key === 'o') { const sel = main.querySelector('tr.selected[data-href]'); if (sel) location.hash = sel.dataset.href; return; }
  if (e.key === 'n') { sendEventDialog(); return; }
  if (e.key === '?') {
    openModal(`<h3>Keyboard</h3><dl class="kv"><dt><kbd>j</kbd> / <kbd>k</kbd></dt><dd>next / previous row</dd><dt><kbd>Enter</kbd></dt><dd>open the selected row</dd>
      <dt><kbd>/</kbd></dt><dd>search or filter</dd><dt><kbd>g</kbd> then <kbd>s e r f a w</kbd></dt><dd>Stream, Events, Runs, Functions, Apps, Webhooks</dd>
      <dt><kbd>n</kbd></dt><dd>send an event</dd><dt><kbd>Esc</kbd></dt><dd>leave a field or close a dialog</dd></dl>`, async () => {});
  }
});

let selectedIndex = -1;
function moveSelection(delta) {
  const rows = [...main.querySelectorAll('tr[data-href]')];
  if (!rows.length) return;
  selectedIndex = Math.max(0, Math.min(rows.length - 1, selectedIndex + delta));
  rows.forEach((r, i) => r.classList.toggle('selected', i === selectedIndex));
  rows[selectedIndex].scrollIntoView({ block: 'nearest' });
}

document.addEventListener('click', async (e) => {
  const copy = e.target.closest('[data-copy]');
  if (copy) {
    try { await navigator.clipboard.writeText(copy.dataset.copy); copy.textContent = 'Copied'; } catch { copy.textContent = 'Copy failed'; }
    setTimeout(() => (copy.textContent = 'Copy'), 1200);
    return;
  }
  const row = e.target.closest('tr[data-href]');
  if (row && !e.target.closest('a, button, input')) location.hash = row.dataset.href;
});

document.getElementById('send-event').addEventListener('click', () => sendEventDialog());
setInterval(() => document.querySelectorAll('time[data-t]').forEach((t) => (t.textContent = relative(Number(t.dataset.t)))), 5000);

// ---------- shared rendering ----------
function runChips(runs) {
  if (!runs.length) return '<span class="muted small">no runs</span>';
  return runs.map((r) => `<a class="chip" href="#/runs/${esc(r.run_id)}" data-testid="run-chip">${badge(r.state)}<span>${esc(fnName(r.function_id))}</span></a>`).join('');
}

function runRows(runs, { showFunction = true } = {}) {
  if (!runs.length) return '';
  return runs.map((r) => `<tr data-href="#/runs/${esc(r.run_id)}" data-testid="run-row" data-run-id="${esc(r.run_id)}">
      <td>${badge(r.state)}</td>${showFunction ? `<td>${esc(fnName(r.function_id))}<div class="muted small mono">${esc(r.function_id)}</div></td>` : ''}
      <td class="mono">${esc(r.run_id)}</td><td>${time(r.run_started_at)}</td><td>${esc(duration(r.run_started_at, r.ended_at))}</td></tr>`).join('');
}

const runTable = (rows, showFunction = true) => `<table data-testid="runs-table"><thead><tr><th>Status</th>${showFunction ? '<th>Function</th>' : ''}<th>Run</th><th>Started</th><th>Duration</th></tr></thead><tbody>${rows}</tbody></table>`;

function eventRows(items) {
  return items.map(({ event: e, runs }) => `<tr data-href="#/events/${esc(e.internal_id)}" data-testid="event-row" data-event-id="${esc(e.internal_id)}">
      <td><strong>${esc(e.name)}</strong><div class="muted small mono">${esc(e.internal_id)}</div></td>
      <td>${time(e.received_at)}</td><td>${runChips(runs)}</td></tr>`).join('');
}

const eventTable = (rows) => `<table data-testid="events-table"><thead><tr><th>Event</th><th>Received</th><th>Runs</th></tr></thead><tbody>${rows}</tbody></table>`;

function page(title, sub, body) {
  main.innerHTML = `<h1>${title}</h1><div class="sub">${sub}</div>${body}`;
  selectedIndex = -1;
}

// ---------- pages ----------
async function streamPage() {
  page('Stream', 'Events as they arrive, each with the runs it started. Updates live.', `<div id="stream"></div>`);
  const seen = new Set();
  let first = true;
  const load = async () => {
    const feed = await api('/v1/feed?limit=50');
    const target = document.getElementById('stream');
    if (!target) return;
    target.innerHTML = feed.data.length ? eventTable(eventRows(feed.data)) : `<div class="empty" data-testid="empty">No events yet. Send one with the button on the left (or press <kbd>n</kbd>), or POST to <code>/e/&lt;key&gt;</code>.</div>`;
    for (const tr of target.querySelectorAll('tr[data-event-id]')) {
      if (!first && !seen.has(tr.dataset.eventId)) tr.classList.add('fresh');
      seen.add(tr.dataset.eventId);
    }
    first = false;
  };
  await load();
  return load;
}

async function eventsPage() {
  const q = qs();
  page('Events', 'Search by name and time. Open an event to see its payload and runs, replay it or edit and replay.', `
    <form class="toolbar" id="filters">
      <label>Name<input name="name" data-search data-testid="filter-name" placeholder="app/user.created" value="${esc(q.get('name') || '')}"></label>
      <label>Since<input type="datetime-local" name="since" value="${toLocalInput(q.get('since'))}"></label>
      <label>Until<input type="datetime-local" name="until" value="${toLocalInput(q.get('until'))}"></label>
      <label class="row" style="flex-direction:row;align-items:center"><input type="checkbox" name="internal" ${q.get('internal') ? 'checked' : ''}> inngest/ events</label>
      <button class="btn primary" data-testid="filter-apply">Search</button>
    </form><div id="list"></div><div class="more"><button class="btn" id="more" hidden>Load more</button></div>`);
  document.getElementById('filters').addEventListener('submit', (e) => {
    e.preventDefault();
    const f = e.target;
    setHashQuery('#/events', { name: f.name.value.trim(), since: fromLocalInput(f.since.value), until: fromLocalInput(f.until.value), internal: f.internal.checked ? '1' : '' });
  });
  const params = new URLSearchParams({ limit: '50' });
  for (const k of ['name', 'since', 'until']) if (q.get(k)) params.set(k, q.get(k));
  if (q.get('internal')) params.set('include_internal', 'true');
  let cursor = null;
  const items = [];
  const list = document.getElementById('list');
  const more = document.getElementById('more');
  const render = () => {
    list.innerHTML = items.length ? eventTable(eventRows(items)) : '<div class="empty" data-testid="empty">No events match.</div>';
    more.hidden = !cursor;
  };
  const fetchPage = async (c) => {
    const p = new URLSearchParams(params);
    if (c) p.set('cursor', c);
    return api(`/v1/feed?${p}`);
  };
  const first = await fetchPage(null);
  items.push(...first.data); cursor = first.metadata.next_cursor; render();
  more.addEventListener('click', async () => { const r = await fetchPage(cursor); items.push(...r.data); cursor = r.metadata.next_cursor; render(); });
  // Live: refresh the first page only while the user has not paged further.
  return async () => { if (items.length <= 50) { const r = await fetchPage(null); items.splice(0, items.length, ...r.data); cursor = r.metadata.next_cursor; render(); } };
}

async function eventPage(id) {
  const [evt, runs] = await Promise.all([api(`/v1/events/${enc(id)}`), api(`/v1/events/${enc(id)}/runs`)]);
  const e = evt.data;
  page(`<span data-testid="event-name">${esc(e.name)}</span>`, `<span class="mono">${esc(e.internal_id)}</span> · received ${time(e.received_at)} · ${esc(absolute(e.received_at))}`, `
    <div class="row" style="margin-bottom:14px">
      <button class="btn primary" id="replay" data-testid="replay">Replay</button>
      <button class="btn" id="edit-replay" data-testid="edit-replay">Edit and replay</button>
      <button class="btn" id="send-copy">Send as new event…</button>
    </div>
    <div class="grid2"><div><h2>Payload</h2>${jsonView(e.event, 'event-payload')}</div>
    <div><h2>Runs started</h2><div id="event-runs"></div></div></div>`);
  const renderRuns = (list) => { document.getElementById('event-runs').innerHTML = list.length ? runTable(runRows(list)) : '<div class="empty">This event started no runs.</div>'; };
  renderRuns(runs.data);
  const replayed = async (r, what) => {
    toast(`${what}: new event with ${r.data.run_ids.length} run(s)`);
    location.hash = `#/events/${r.data.event_ids[0]}`;
  };
  document.getElementById('replay').addEventListener('click', async () => {
    try { await replayed(await api(`/v1/events/${enc(id)}/replay`, { method: 'POST' }), 'Replayed'); } catch (err) { toast(err.message, true); }
  });
  document.getElementById('edit-replay').addEventListener('click', () => {
    openModal(`<h3>Edit and replay</h3><p class="muted small">Edit <code>data</code>; the event is stored again under a new id with the same name and fans out to its functions.</p>
      <textarea name="data" data-testid="edit-data" spellcheck="false">${esc(JSON.stringify(e.data, null, 2))}</textarea>`, async (form) => {
      const data = parseJsonField(form, 'data');
      await replayed(await api(`/v1/events/${enc(id)}/replay`, { method: 'POST', body: { data } }), 'Edited and replayed');
    });
  });
  document.getElementById('send-copy').addEventListener('click', () => sendEventDialog({ name: e.name, data: e.data }));
  return async () => renderRuns((await api(`/v1/events/${enc(id)}/runs`)).data);
}

async function runsPage() {
  const q = qs();
  const fns = await functions();
  const fn = q.get('function') || '';
  page('Runs', 'Filter by function, status and time. Bulk actions apply to the selected function and time range.', `
    <form class="toolbar" id="filters">
      <label>Function<select name="function" data-search data-testid="filter-function"><option value="">All functions</option>${fns.map((f) => `<option value="${esc(f.id)}" ${f.id === fn ? 'selected' : ''}>${esc(f.name)} (${esc(f.id)})</option>`).join('')}</select></label>
      <label>Status<select name="status" data-testid="filter-status"><option value="">Any</option>${STATUSES.map((s) => `<option ${q.get('status') === s ? 'selected' : ''}>${s}</option>`).join('')}</select></label>
      <label>Since<input type="datetime-local" name="since" value="${toLocalInput(q.get('since'))}"></label>
      <label>Until<input type="datetime-local" name="until" value="${toLocalInput(q.get('until'))}"></label>
      <button class="btn primary" data-testid="filter-apply">Filter</button><span class="spacer"></span>
      <button type="button" class="btn" id="bulk-rerun" data-testid="bulk-rerun" ${fn ? '' : 'disabled title="Choose a function first"'}>Replay failed runs</button>
      <button type="button" class="btn danger" id="bulk-cancel" data-testid="bulk-cancel" ${fn ? '' : 'disabled title="Choose a function first"'}>Cancel active runs</button>
    </form><div id="list"></div><div class="more"><button class="btn" id="more" hidden>Load more</button></div>`);
  const form = document.getElementById('filters');
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    setHashQuery('#/runs', { function: form.function.value, status: form.status.value, since: fromLocalInput(form.since.value), until: fromLocalInput(form.until.value) });
  });
  const range = { since: q.get('since') || undefined, until: q.get('until') || undefined };
  document.getElementById('bulk-cancel').addEventListener('click', async () => {
    if (!confirm(`Cancel every queued or running run of ${fn}${range.since || range.until ? ' in the time range' : ''}?`)) return;
    try { const r = await api('/v1/runs/bulk/cancel', { method: 'POST', body: { function_id: fn, ...range } }); toast(`Cancelled ${r.data.affected} of ${r.data.matched} run(s)${r.data.more ? ' — more remain, run again' : ''}`); scheduleRefresh(); } catch (err) { toast(err.message, true); }
  });
  document.getElementById('bulk-rerun').addEventListener('click', async () => {
    if (!confirm(`Rerun every failed run of ${fn}${range.since || range.until ? ' in the time range' : ''}?`)) return;
    try { const r = await api('/v1/runs/bulk/rerun', { method: 'POST', body: { function_id: fn, ...range } }); toast(`Started ${r.data.affected} rerun(s) of ${r.data.matched} failed run(s)`); scheduleRefresh(); } catch (err) { toast(err.message, true); }
  });
  const params = new URLSearchParams({ limit: '50' });
  if (fn) params.set('function_id', fn);
  if (q.get('status')) params.set('status', q.get('status'));
  for (const k of ['since', 'until']) if (q.get(k)) params.set(k, q.get(k));
  const runs = [];
  let cursor = null;
  const list = document.getElementById('list');
  const more = document.getElementById('more');
  const render = () => { list.innerHTML = runs.length ? runTable(runRows(runs)) : '<div class="empty" data-testid="empty">No runs match.</div>'; more.hidden = !cursor; };
  const fetchPage = (c) => { const p = new URLSearchParams(params); if (c) p.set('cursor', c); return api(`/v1/runs?${p}`); };
  const first = await fetchPage(null);
  runs.push(...first.data); cursor = first.metadata.next_cursor; render();
  more.addEventListener('click', async () => { const r = await fetchPage(cursor); runs.push(...r.data); cursor = r.metadata.next_cursor; render(); });
  return async () => { if (runs.length <= 50) { const r = await fetchPage(null); runs.splice(0, runs.length, ...r.data); cursor = r.metadata.next_cursor; render(); } };
}

const TYPE_CLASS = {
  StepCompleted: 't-ok', RunCompleted: 't-ok', PauseResumed: 't-ok',
  StepFailed: 't-err', RunFailed: 't-err', FunctionErrored: 't-warn', StepErrored: 't-warn', RunCancelled: 't-err',
  SleepStarted: 't-wait', PauseCreated: 't-wait', PauseTimedOut: 't-warn',
};
const TYPE_LABEL = {
  RunScheduled: 'Run scheduled', StepCompleted: 'Step completed', StepErrored: 'Step errored (will retry)', StepFailed: 'Step failed',
  StepPlanned: 'Step planned', SleepStarted: 'Sleeping', PauseCreated: 'Waiting', PauseResumed: 'Wait resumed', PauseTimedOut: 'Wait timed out',
  FunctionErrored: 'Function errored (will retry)', RunCompleted: 'Run completed', RunFailed: 'Run failed', RunCancelled: 'Run cancelled',
};

// "Name: message" of a serialized error ({name, message, stack} or {error: {...}}), shown above its JSON.
function errorLine(d) {
  const e = d?.error ?? d;
  if (!e || typeof e !== 'object' || !(e.message || e.name)) return '';
  return `<div class="err-line" data-testid="error-line">${esc(e.name || 'Error')}: ${esc(e.message || '')}</div>`;
}

function timelineItem(h, prev, rerunnable) {
  const d = h.detail;
  let extra = '';
  if (h.type === 'SleepStarted' && d?.until) extra = `<div>until ${time(d.until)} <span class="muted small">${esc(absolute(d.until))}</span></div>`;
  if (h.type === 'PauseCreated' && d) extra = `<div>${d.event ? `for event <strong>${esc(d.event)}</strong>` : d.invoke ? `invoking <strong>${esc(d.invoke)}</strong>` : ''}${d.expires ? ` · expires ${time(d.expires)} <span class="muted small">${esc(absolute(d.expires))}</span>` : ''}</div>`;
  const isError = ['StepErrored', 'StepFailed', 'FunctionErrored', 'RunFailed', 'RunCancelled'].includes(h.type);
  if (isError) extra += errorLine(d);
  const label = isError ? 'Error' : ['StepCompleted', 'RunCompleted', 'PauseResumed'].includes(h.type) ? 'Output' : 'Detail';
  const body = d != null && !['SleepStarted', 'PauseCreated'].includes(h.type)
    ? `<details ${isError ? 'open' : ''}><summary>${label}</summary>${jsonView(d, isError ? 'step-error' : 'step-output')}</details>` : '';
  return `<li class="${TYPE_CLASS[h.type] || ''}" data-testid="timeline-item" data-type="${esc(h.type)}">
    <div class="head"><span class="type">${esc(TYPE_LABEL[h.type] || h.type)}</span>${h.step_name ? `<span class="mono">${esc(h.step_name)}</span>` : ''}
      ${h.attempt ? `<span class="muted small">attempt ${h.attempt + 1}</span>` : ''}
      <span class="muted small">${time(h.at)} · +${esc(duration(prev ? prev.at : h.at, h.at))}</span>
      ${rerunnable && h.step_id ? `<button class="btn small" data-rerun-from="${esc(h.step_id)}" data-testid="rerun-from">Rerun from here</button>` : ''}</div>${extra}${body}</li>`;
}

async function runPage(id) {
  await functions();
  const r = (await api(`/v1/runs/${enc(id)}/detail`)).data;
  const run = r.run;
  const active = run.state === 'Queued' || run.state === 'Running';
  page(`${esc(fnName(run.function_id))} ${badge(run.state)}`, `<span class="mono" data-testid="run-id">${esc(run.run_id)}</span> · started ${time(run.run_started_at)} · ${esc(absolute(run.run_started_at))}`, `
    <div class="row" style="margin-bottom:14px">
      <button class="btn danger" id="cancel" data-testid="cancel" ${active ? '' : 'disabled'}>Cancel</button>
      <button class="btn primary" id="rerun" data-testid="rerun">Rerun</button>
      <a class="btn" href="#/runs?function=${enc(run.function_id)}">All runs of this function</a>
    </div>
    <div class="grid2">
      <div class="card"><dl class="kv">
        <dt>Function</dt><dd><a href="#/functions/${enc(run.function_id)}">${esc(run.function_id)}</a></dd>
        <dt>Status</dt><dd>${badge(run.state)}</dd>
        <dt>Started</dt><dd>${esc(absolute(run.run_started_at))}</dd>
        <dt>Ended</dt><dd>${run.ended_at ? esc(absolute(run.ended_at)) : '<span class="muted">—</span>'}</dd>
        <dt>Duration</dt><dd>${esc(duration(run.run_started_at, run.ended_at))}${run.ended_at ? '' : ' so far'}</dd>
        <dt>Steps memoized</dt><dd>${run.step_count}</dd>
        <dt>Event</dt><dd>${r.event ? `<a href="#/events/${enc(r.event.internal_id)}">${esc(r.event.name)}</a> <span class="muted mono small">${esc(r.event.internal_id)}</span>` : '—'}</dd>
      </dl></div>
      <div><h2 style="margin-top:0">${run.state === 'Failed' || run.state === 'Cancelled' ? 'Error' : 'Output'}</h2>${run.state === 'Failed' || run.state === 'Cancelled' ? errorLine(run.output) : ''}${run.output == null ? '<div class="muted">No output yet.</div>' : jsonView(run.output, 'run-output')}</div>
    </div>
    <h2>Timeline</h2><ul class="timeline" data-testid="timeline">${r.history.map((h, i) => timelineItem(h, r.history[i - 1], ['StepCompleted', 'StepFailed'].includes(h.type))).join('')}</ul>
    ${r.event ? `<h2>Trigger event</h2>${jsonView(r.event.event, 'trigger-payload')}` : ''}`);
  document.getElementById('cancel').addEventListener('click', async () => {
    try { await api(`/v1/runs/${enc(id)}/cancel`, { method: 'POST' }); toast('Run cancelled'); scheduleRefresh(); } catch (err) { toast(err.message, true); }
  });
  document.getElementById('rerun').addEventListener('click', async () => {
    try { const x = await api(`/v1/runs/${enc(id)}/rerun`, { method: 'POST' }); toast('Rerun started'); location.hash = `#/runs/${x.data.run_id}`; } catch (err) { toast(err.message, true); }
  });
  main.querySelectorAll('[data-rerun-from]').forEach((b) => b.addEventListener('click', async () => {
    try {
      const x = await api(`/v1/runs/${enc(id)}/rerun`, { method: 'POST', body: { from_step: b.dataset.rerunFrom } });
      toast(`Rerun from step started (${x.data.seeded_steps} earlier step(s) reused)`);
      location.hash = `#/runs/${x.data.run_id}`;
    } catch (err) { toast(err.message, true); }
  }));
  // Live: re-render only when the run changed (status or history), so open details and in-flight clicks survive.
  const signature = (d) => `${d.run.run_id}|${d.run.state}|${d.history.length}|${d.run.step_count}`;
  main.dataset.signature = signature(r);
  return async () => {
    const now = signature((await api(`/v1/runs/${enc(id)}/detail`)).data);
    if (now !== main.dataset.signature && location.hash.split('?')[0] === `#/runs/${id}`) await route();
  };
}

async function functionsPage() {
  const fns = await functions(true);
  page('Functions', 'Registered functions, their triggers and configuration.', fns.length ? `
    <table data-testid="functions-table"><thead><tr><th>Function</th><th>App</th><th>Triggers</th><th>Retries</th><th>Runtime</th></tr></thead><tbody>
    ${fns.map((f) => `<tr data-href="#/functions/${esc(f.id)}" data-testid="function-row"><td><strong>${esc(f.name)}</strong><div class="muted small mono">${esc(f.id)}</div></td>
      <td>${esc(f.app_id)}</td><td>${f.triggers.map((t) => `<div class="mono">${esc(t.event ? t.event : `cron ${t.cron}`)}${t.expression ? ` <span class="muted">if ${esc(t.expression)}</span>` : ''}</div>`).join('')}</td>
      <td>${f.retries}</td><td>${esc(f.runtime)}</td></tr>`).join('')}</tbody></table>` : '<div class="empty" data-testid="empty">No functions yet. Start your app, or sync it from the Apps page.</div>');
  return null;
}

async function functionPage(id) {
  const fns = await functions(true);
  const f = fns.find((x) => x.id === id);
  if (!f) { page('Function not found', esc(id), ''); return null; }
  page(esc(f.name), `<span class="mono">${esc(f.id)}</span> · app ${esc(f.app_id)} · ${esc(f.runtime)}`, `
    <div class="row" style="margin-bottom:14px"><button class="btn primary" id="invoke" data-testid="invoke">Invoke…</button>
      <a class="btn" href="#/runs?function=${enc(f.id)}">All runs</a></div>
    <div class="grid2"><div class="card"><dl class="kv">
      <dt>Triggers</dt><dd>${f.triggers.map((t) => `<div class="mono">${esc(t.event ?? `cron ${t.cron}`)}${t.expression ? ` if ${esc(t.expression)}` : ''}</div>`).join('')}</dd>
      <dt>Retries</dt><dd>${f.retries}</dd>
      <dt>Cancel on</dt><dd>${f.cancel.length ? f.cancel.map((c) => `<div class="mono">${esc(c.event)}${c.if ? ` if ${esc(c.if)}` : ''}</div>`).join('') : '<span class="muted">—</span>'}</dd>
      <dt>URL</dt><dd class="mono">${esc(f.url ?? 'in-process')}</dd></dl></div>
      <div><h2 style="margin-top:0">Configuration</h2>${jsonView(f.config ?? { triggers: f.triggers, retries: f.retries, cancel: f.cancel }, 'function-config')}</div></div>
    <h2>Recent runs</h2><div id="recent"></div>`);
  const load = async () => {
    const runs = (await api(`/v1/runs?function_id=${enc(id)}&limit=20`)).data;
    document.getElementById('recent').innerHTML = runs.length ? runTable(runRows(runs, { showFunction: false }), false) : '<div class="empty">No runs yet.</div>';
  };
  document.getElementById('invoke').addEventListener('click', () => openModal(`<h3>Invoke ${esc(f.name)}</h3>
    <p class="muted small">Starts a run now with an <code>inngest/function.invoked</code> event carrying this data.</p>
    <textarea name="data" data-testid="invoke-data" spellcheck="false">{}</textarea>`, async (form) => {
    const x = await api(`/v1/functions/${enc(id)}/invoke`, { method: 'POST', body: { data: parseJsonField(form, 'data') } });
    toast('Invoked'); location.hash = `#/runs/${x.data.run_id}`;
  }));
  await load();
  return load;
}

async function appsPage() {
  const [apps, syncs] = await Promise.all([api('/v1/apps'), api('/v1/apps/syncs')]);
  const failures = syncs.data.filter((s) => !s.ok);
  page('Apps', 'Apps synced over HTTP (in-process functions need no sync).', `
    <form class="toolbar" id="sync"><label>Sync a new app<input name="url" size="44" placeholder="http://localhost:3000/api/inngest" data-testid="sync-url"></label><button class="btn primary">Sync</button></form>
    ${apps.data.length ? `<table data-testid="apps-table"><thead><tr><th>App</th><th>URL</th><th>SDK</th><th>Functions</th><th>Synced</th><th></th></tr></thead><tbody>
      ${apps.data.map((a) => `<tr data-testid="app-row"><td><strong>${esc(a.id)}</strong></td><td class="mono">${esc(a.url)}</td><td>${esc(a.sdk)} <span class="muted">${esc(a.framework)}</span></td>
      <td>${a.functions.length}</td><td>${time(a.synced_at)}</td><td><button class="btn small" data-resync="${esc(a.id)}" data-testid="resync">Resync</button></td></tr>`).join('')}</tbody></table>`
      : '<div class="empty" data-testid="empty">No synced apps. Start an app that serves Inngest functions and sync its URL above.</div>'}
    <h2>Sync errors</h2>${failures.length ? `<table><tbody>${failures.map((s) => `<tr><td class="mono">${esc(s.url)}</td><td><span class="badge s-Failed">${s.status}</span></td><td>${esc(s.error)}</td><td>${time(s.at)}</td></tr>`).join('')}</tbody></table>` : '<div class="muted" data-testid="no-sync-errors">No sync errors since the server started.</div>'}`);
  document.getElementById('sync').addEventListener('submit', async (e) => {
    e.preventDefault();
    try { await api('/v1/apps', { method: 'POST', body: { url: e.target.url.value.trim() } }); toast('Synced'); await route(); } catch (err) { toast(err.message, true); }
  });
  main.querySelectorAll('[data-resync]').forEach((b) => b.addEventListener('click', async () => {
    try { await api(`/v1/apps/${enc(b.dataset.resync)}/resync`, { method: 'POST' }); toast('Resynced'); } catch (err) { toast(err.message, true); }
    await route();
  }));
  return null;
}

const OUTCOMES = [['Accepted', '200'], ['Filtered', '200, not committed'], ['Unauthorized', '401'], ['Malformed', '400'], ['TooLarge', '413'], ['Failed', '500']];

function webhookCounters(counts) {
  return `<div class="row">${OUTCOMES.map(([k, label]) => `<div class="card" data-testid="webhook-count-${esc(k)}"><div class="muted small">${esc(k)} <span class="muted">${esc(label)}</span></div><div style="font-size:22px">${counts[k] ?? 0}</div></div>`).join('')}</div>`;
}

function webhookRejections(list, source) {
  if (!list.length) return '<div class="muted" data-testid="no-webhook-rejections">No rejected or filtered deliveries.</div>';
  return `<table data-testid="webhook-rejections" data-source="${esc(source)}"><thead><tr><th>When</th><th>svix-id</th><th>Outcome</th><th>Reason</th></tr></thead><tbody>
    ${list.map((d) => `<tr data-testid="webhook-rejection"><td>${time(d.at)}</td><td class="mono">${esc(d.svix_id ?? '—')}</td><td><span class="badge ${d.status === 200 ? 's-Cancelled' : 's-Failed'}">${d.status} ${esc(d.outcome)}</span></td><td>${esc(d.reason)}<div class="muted small">${esc(d.message)}</div></td></tr>`).join('')}</tbody></table>`;
}

async function webhooksPage() {
  const load = async () => {
    const w = (await api('/v1/webhooks')).data;
    if (!w.available) {
      page('Webhooks', 'Webhook sources: verified, transformed and committed before the sender gets a 2xx.', `<div class="empty" data-testid="webhooks-empty"><strong>No webhook endpoint in this server.</strong><br><br>
        Host a source with <code>steadfast dev --webhook clerk=whsec_...</code> (a Clerk source at <code>POST /webhooks/clerk</code>) or <code>--webhooks sources.json</code>;
        or run the Clerk endpoint in your app (<code>AddClerkWebhooks()</code> + <code>MapClerkWebhook()</code>, see <code>samples/ClerkUserSync</code>) in the same host as the dashboard.</div>`);
      return;
    }
    const sources = w.sources.map((s) => `<tr data-testid="webhook-source" data-source="${esc(s.name)}"><td><strong>${esc(s.name)}</strong></td>
      <td class="mono" data-testid="webhook-url">POST ${esc(location.origin + s.path)}</td>
      <td>${s.verification === 'svix' ? `Svix signature <span class="muted small">${s.secrets} secret${s.secrets === 1 ? '' : 's'}</span>` : '<span class="badge s-Failed">none</span>'}</td>
      <td>${esc(s.transform)}${s.transform_file ? ` <span class="muted small mono">${esc(s.transform_file)}</span>` : ''}</td>
      <td>${s.allowed_events.length ? s.allowed_events.map((p) => `<code>${esc(p)}</code>`).join(' ') : '<span class="muted">all</span>'}</td>
      <td data-testid="webhook-accepted">${s.counts.Accepted}</td><td data-testid="webhook-rejected">${s.counts.Unauthorized + s.counts.Malformed + s.counts.TooLarge + s.counts.Failed}</td></tr>`).join('');
    page('Webhooks', 'Deliveries are verified, transformed and committed before the sender gets a 2xx. Counters since start; the latest rejections per source.', `
      ${w.sources.length ? `<h2>Sources</h2><table data-testid="webhook-sources"><thead><tr><th>Source</th><th>URL</th><th>Verification</th><th>Transform</th><th>Allowed events</th><th>Accepted</th><th>Rejected</th></tr></thead><tbody>${sources}</tbody></table>
        ${w.unknown_source_requests ? `<div class="muted small" data-testid="unknown-sources">${w.unknown_source_requests} request(s) to unknown sources answered 404.</div>` : ''}
        ${w.sources.map((s) => `<h2>${esc(s.name)}</h2>${webhookCounters(s.counts)}${webhookRejections(s.rejections, s.name)}`).join('')}` : ''}
      ${w.endpoint ? `<h2>App endpoint (MapClerkWebhook)</h2>${webhookCounters(w.endpoint.counts)}${webhookRejections(w.endpoint.rejections, '')}` : ''}`);
  };
  await load();
  return load;
}

// ---------- router ----------
const routes = [
  [/^#\/stream$/, streamPage, 'stream'],
  [/^#\/events$/, eventsPage, 'events'],
  [/^#\/events\/([^/?]+)$/, eventPage, 'events'],
  [/^#\/runs$/, runsPage, 'runs'],
  [/^#\/runs\/([^/?]+)$/, runPage, 'runs'],
  [/^#\/functions$/, functionsPage, 'functions'],
  [/^#\/functions\/([^/?]+)$/, functionPage, 'functions'],
  [/^#\/apps$/, appsPage, 'apps'],
  [/^#\/webhooks$/, webhooksPage, 'webhooks'],
];

let routing = 0;
async function route() {
  const token = ++routing;
  const hash = location.hash || '#/stream';
  const path = hash.split('?')[0];
  for (const [re, fn, nav] of routes) {
    const m = path.match(re);
    if (!m) continue;
    document.querySelectorAll('nav a').forEach((a) => a.classList.toggle('active', a.dataset.nav === nav));
    try {
      const r = await fn(...m.slice(1).map(decodeURIComponent));
      if (token === routing) refresh = r;
      document.title = `${nav[0].toUpperCase()}${nav.slice(1)} · Steadfast`;
      main.dataset.page = nav;
    } catch (err) {
      refresh = null;
      page('Something went wrong', '', `<div class="empty" data-testid="page-error">${esc(err.message)}</div>`);
    }
    return;
  }
  location.hash = '#/stream';
}

window.addEventListener('hashchange', route);
functions().catch(() => {}).finally(route);
connectStream();
