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
  const res = await send(method, path, body, 'application/json');
  const data = await readJson(res);
  if (!res.ok || data?.status === 'error') throw errorFrom(res, data);
  if (data === null) {
    throw new ApiError({ status: res.status, code: 'bad_response', message: 'The server sent an unreadable answer.' });
  }
  return data;
}

/**
 * GETs an image with the same base URL, auth header and error envelope as request(), as a Blob: an <img src> could
 * carry neither the API's other origin nor the Authorization header.
 */
export async function requestImage(path) {
  const res = await send('GET', path, undefined, 'image/jpeg, image/*');
  if (!res.ok) throw errorFrom(res, await readJson(res));
  const blob = await res.blob();
  if (!blob.type.startsWith('image/')) {
    throw new ApiError({ status: res.status, code: 'bad_response', message: 'The server sent something that is not a picture.' });
  }
  return blob;
}

async function send(method, path, body, accept) {
  const headers = { Accept: accept };
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
  return res;
}

async function readJson(res) {
  const text = await res.text().catch(() => '');
  if (!text) return null;
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}

function errorFrom(res, data) {
  const envelope = data && typeof data === 'object' ? data : {};
  return new ApiError({
    status: res.status,
    code: typeof envelope.error === 'string' ? envelope.error : `http_${res.status}`,
    message: typeof envelope.message === 'string' && envelope.message
      ? envelope.message
      : `The server answered with an error (HTTP ${res.status}).`,
    field: typeof envelope.field === 'string' ? envelope.field : null,
    body: data,
  });
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
  // Every channel of the account (issue 18); an older backend answers 404, and the page keeps to /api/channel.
  listChannels: () => request('GET', '/api/channels').then((d) => (Array.isArray(d.channels) ? d.channels : [])),
  updateChannel: (id, fields) => request('PUT', `/api/channels/${enc(id)}`, fields).then((d) => d.channel ?? null),
  // The query only defeats caches in between; the server also says Cache-Control: no-store.
  channelThumbnail: (id) => requestImage(`/api/channels/${enc(id)}/thumbnail?t=${Date.now()}`),
};
