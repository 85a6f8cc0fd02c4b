// Talks to the server: sends the queue in batches with retries and backoff, a heartbeat,
// and tells the page whether the tablet is online. Only a 201/200 removes a response.

const BATCH = 20;
const TIMEOUT_MS = 15000;
const HEARTBEAT_MS = 60000;
const MAX_DELAY_MS = 30000;
const REFUSED = new Set([400, 403, 409, 410, 413, 422]); // for good: set aside, never resent
const API = new URL("../api/v1/kiosk/", location.href);

export function createSync({ store, token, version, onChange, onUnauthorised, onHeartbeat }) {
  const state = { online: navigator.onLine, queue: 0, rejected: 0 };
  let sending = false;
  let again = false;
  let timer = null;
  let attempt = 0;

  function setOnline(online) {
    if (state.online !== online) {
      state.online = online;
      onChange(state);
    }
  }

  async function call(method, path, body, withToken = true) {
    const controller = new AbortController();
    const timeout = setTimeout(() => controller.abort(), TIMEOUT_MS);
    const headers = body ? { "Content-Type": "application/json" } : {};
    if (withToken) headers.Authorization = `Bearer ${token()}`;
    try {
      const response = await fetch(new URL(path, API), {
        method,
        headers,
        body: body ? JSON.stringify(body) : undefined,
        signal: controller.signal,
        cache: "no-store",
        credentials: "omit", // the token travels in the header, never in a cookie
      });
      setOnline(navigator.onLine);
      if (response.status === 401 && withToken) onUnauthorised();
      const data = await response.json().catch(() => null);
      return { status: response.status, data };
    } catch {
      setOnline(false);
      return { status: 0, data: null };
    } finally {
      clearTimeout(timeout);
    }
  }

  async function refreshCounts() {
    const counts = await store.counts();
    if (counts.queue !== state.queue || counts.rejected !== state.rejected) {
      Object.assign(state, counts);
      onChange(state);
    }
  }

  // "ok", "retry" (network, server error, some items not settled), "smaller" or "stop".
  async function send(items) {
    const { status, data } = await call("POST", "responses/batch", { responses: items });
    if (status === 401) return "stop";
    if (status === 413 && items.length > 1) return "smaller";
    if (status !== 200 || !Array.isArray(data?.results)) return "retry";
    const sent = [];
    const refused = [];
    let pending = false;
    items.forEach((record, index) => {
      const result = data.results[index];
      if (result?.status === 201 || result?.status === 200) sent.push(record.id);
      else if (REFUSED.has(result?.status)) refused.push({ record, result });
      else pending = true;
    });
    await store.settle(sent, refused);
    return pending ? "retry" : "ok";
  }

  // Retries back off (1 s, 2 s, 4 s… up to 30 s); a new response or a sign of network
  // sends at once but does not lengthen the wait.
  function schedule(isRetry) {
    if (timer) return;
    const delay = Math.min(MAX_DELAY_MS, 1000 * 2 ** attempt) * (0.5 + Math.random() / 2);
    if (isRetry) attempt = Math.min(attempt + 1, 10);
    timer = setTimeout(() => {
      timer = null;
      flush(true);
    }, delay);
  }

  async function flush(isRetry = false) {
    if (sending) {
      again = true;
      return;
    }
    sending = true;
    clearTimeout(timer);
    timer = null;
    let outcome = "ok";
    let size = BATCH;
    try {
      for (;;) {
        const items = await store.queued(size);
        if (!items.length) break;
        outcome = await send(items);
        if (outcome === "smaller") size = Math.max(1, Math.floor(size / 2));
        else if (outcome !== "ok") break;
      }
    } catch {
      outcome = "retry";
    } finally {
      sending = false;
    }
    await refreshCounts().catch(() => {});
    if (outcome === "retry") schedule(isRetry || attempt === 0);
    else if (outcome === "ok") attempt = 0;
    if (again) {
      again = false;
      flush();
    }
  }

  async function heartbeat() {
    await refreshCounts().catch(() => {});
    const { status, data } = await call("POST", "heartbeat", {
      queue_length: state.queue,
      rejected_count: state.rejected,
      app_version: version,
    });
    if (status !== 200) return;
    onHeartbeat(data);
    if (state.queue > 0 && !sending) {
      attempt = 0;
      flush();
    }
  }

  function start() {
    addEventListener("online", () => {
      setOnline(true);
      attempt = 0;
      flush();
      heartbeat();
    });
    addEventListener("offline", () => setOnline(false));
    setInterval(heartbeat, HEARTBEAT_MS);
    heartbeat();
    flush();
  }

  async function questionnaire() {
    const { status, data } = await call("GET", "questionnaire");
    if (status === 200) return data;
    return status === 401 ? "unauthorised" : null;
  }

  const pair = (code) => call("POST", "pair", { code }, false);

  return { state, start, flush, refreshCounts, questionnaire, pair };
}
