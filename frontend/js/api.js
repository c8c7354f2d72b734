// The one place the page talks to the Lunora API.
// Every call goes through request(): it prefixes the configured apiBaseUrl,
// sends/receives JSON, and turns the error envelope
// {"status":"error","error":code,"message":text,"field":name?} into an ApiError.

const DEFAULT_CONFIG = Object.freeze({ apiBaseUrl: '', auth: { required: false } });
const TIMEOUT_MS = 15000;

let config = DEFAULT_CONFIG;

export class ApiError extends Error {
  constructor({ status = 0, code = 'error', message = 'Something went wrong.', field = null, body = null } = {}) {
    super(message);
    this.name = 'ApiError';
    this.status = status; // HTTP status, 0 for network problems
    this.code = code; // e.g. validation_error, version_conflict, workflow_not_configured
    this.field = field; // the form field the server blames, if any
    this.body = body;
  }
}

/** Loads config.json (relative to the page) first; falls back to same-origin, no sign-in. */
export async function loadConfig(url = 'config.json') {
  try {
    const res = await fetch(url, { cache: 'no-store', headers: { Accept: 'application/json' } });
    if (!res.ok) throw new Error(`HTTP ${res.status}`);
    const loaded = await res.json();
    config = normalizeConfig(loaded);
  } catch (err) {
    console.warn('Lunora: could not load config.json, using same-origin defaults.', err);
    config = DEFAULT_CONFIG;
  }
  return config;
}

export function getConfig() {
  return config;
}

function normalizeConfig(raw) {
  const base = typeof raw?.apiBaseUrl === 'string' ? raw.apiBaseUrl.trim().replace(/\/+$/, '') : '';
  const auth = raw && typeof raw.auth === 'object' && raw.auth !== null ? raw.auth : { required: false };
  return { ...raw, apiBaseUrl: base, auth: { ...auth, required: auth.required === true } };
}

let authHeaderProvider = null;
/** Hook for the sign-in flow (auth.js): fn() returns {Authorization: ...} or null. */
export function setAuthHeaderProvider(fn) {
  authHeaderProvider = fn;
}

let unauthorizedHandler = null;
/** Hook for the sign-in flow: awaited on a 401 answer (may sign in again) before the ApiError is thrown. */
export function setUnauthorizedHandler(fn) {
  unauthorizedHandler = fn;
}

export async function request(method, path, body) {
  const headers = { Accept: 'application/json' };
  const init = { method, headers, cache: 'no-store' };
  if (body !== undefined) {
    headers['Content-Type'] = 'application/json';
    init.body = JSON.stringify(body);
  }
  if (authHeaderProvider) Object.assign(headers, (await authHeaderProvider()) || {});

  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), TIMEOUT_MS);
  init.signal = controller.signal;

  let res;
  try {
    res = await fetch(config.apiBaseUrl + path, init);
  } catch (err) {
    throw new ApiError({
      code: err?.name === 'AbortError' ? 'timeout' : 'network_error',
      message: err?.name === 'AbortError'
        ? 'The server took too long to answer. Please try again.'
        : 'Can’t reach the Lunora API. Check your connection and try again.',
    });
  } finally {
    clearTimeout(timer);
  }

  if (res.status === 401 && unauthorizedHandler) await unauthorizedHandler();

  let data = null;
  const text = await res.text().catch(() => '');
  if (text) {
    try {
      data = JSON.parse(text);
    } catch {
      data = null;
    }
  }

  if (!res.ok || data?.status === 'error') {
    const envelope = data && typeof data === 'object' ? data : {};
    throw new ApiError({
      status: res.status,
      code: typeof envelope.error === 'string' ? envelope.error : `http_${res.status}`,
      message: typeof envelope.message === 'string' && envelope.message
        ? envelope.message
        : `The server answered with an error (HTTP ${res.status}).`,
      field: typeof envelope.field === 'string' ? envelope.field : null,
      body: data,
    });
  }
  if (data === null) {
    throw new ApiError({ status: res.status, code: 'bad_response', message: 'The server sent an unreadable answer.' });
  }
  return data;
}

const enc = encodeURIComponent;

export const api = {
  listDestinations: () => request('GET', '/api/destinations').then((d) => d.destinations ?? []),
  getDestination: (id) => request('GET', `/api/destinations/${enc(id)}`).then((d) => d.destination),
  createDestination: (fields) => request('POST', '/api/destinations', fields),
  updateDestination: (id, fields) => request('PUT', `/api/destinations/${enc(id)}`, fields),
  deleteDestination: (id) => request('DELETE', `/api/destinations/${enc(id)}`),
  startDestination: (id) => request('POST', `/api/destinations/${enc(id)}/start`),
  stopDestination: (id) => request('POST', `/api/destinations/${enc(id)}/stop`),
  testDestination: (id) => request('POST', `/api/destinations/${enc(id)}/test`),
  listPresets: () => request('GET', '/api/presets').then((d) => d.presets ?? []),
  streamingStatus: () => request('GET', '/api/streaming/status').then((d) => d.streaming ?? null),
  channel: () => request('GET', '/api/channel').then((d) => d.channel ?? null),
  setDelivery: (mode) => request('PUT', '/api/channel', { delivery: mode }).then((d) => d.channel ?? null),
};
