// Sign-in for deployments whose config.json says auth.required: the OAuth 2.0 authorization code flow with
// PKCE (S256) against the Cognito hosted UI. Public client, no secret. Tokens live in sessionStorage only
// (gone when the tab closes). With auth.required false (local mode) nothing here runs and no header is sent.
//
// The API's HTTP API JWT authorizer has audience = the page's client id. Cognito access tokens carry that id
// in client_id (no aud), which API Gateway accepts when aud is absent; the routes ask for no scopes. So the
// page sends the access token (meant for APIs, holds no email); the id token is only read for the email shown.

import { loadConfig, setAuthHeaderProvider, setUnauthorizedHandler } from './api.js';

const PKCE_KEY = 'lunora.auth.pkce';
const TOKENS_KEY = 'lunora.auth.tokens';
const REAUTH_KEY = 'lunora.auth.reauthAt';
/** Refresh this long before the access token expires. */
const REFRESH_EARLY_MS = 2 * 60 * 1000;
/** A 401 this soon after a 401-triggered sign-in means signing in again won't help: show it instead of looping. */
const REAUTH_WINDOW_MS = 2 * 60 * 1000;

let settings = null; // config.auth when sign-in is required
let refreshTimer = null;
let refreshing = null;
let redirecting = false;
let started = null;
const never = new Promise(() => {});

/**
 * Call first thing at start-up, before any API call (synchronously installs the header provider so other
 * modules' requests wait for sign-in). Resolves true when the page may call the API, false when it is
 * navigating to the hosted UI or showing a sign-in error.
 */
export function startAuth() {
  if (started) return started;
  let ready;
  const gate = new Promise((resolve) => { ready = resolve; });
  setAuthHeaderProvider(async () => {
    const ok = await gate;
    if (!settings) return null;
    if (!ok) {
      if (redirecting) return never;
      throw new Error('You are not signed in.');
    }
    const tokens = await freshTokens();
    return tokens ? { Authorization: `Bearer ${tokens.access_token}` } : never;
  });
  started = run().catch((err) => {
    console.error('Lunora: sign-in failed', err);
    showError('Signing in failed unexpectedly. Please try again.');
    return false;
  }).then((ok) => { ready(ok); return ok; });
  return started;
}

async function run() {
  const config = await loadConfig();
  if (!config.auth.required) return true;
  const auth = config.auth;
  if (!auth.domain || !auth.clientId || !auth.redirectUri) {
    showError('This deployment requires sign-in, but its sign-in settings are incomplete (config.json).', false);
    return false;
  }
  settings = { ...auth, domain: String(auth.domain).replace(/\/+$/, '') };
  setUnauthorizedHandler(onUnauthorized);

  const params = new URLSearchParams(location.search);
  if (params.has('error') || params.has('code') || params.has('state')) {
    const ok = await completeSignIn(params);
    if (!ok) return false;
  }
  const tokens = readTokens();
  if (!tokens) {
    await signIn();
    return false;
  }
  scheduleRefresh(tokens);
  showUser(tokens);
  return true;
}

// ------------------------------------------------------------------ the flow

async function signIn() {
  redirecting = true;
  showStatus('Signing you in…');
  const verifier = randomString(64);
  const state = randomString(32);
  const challenge = base64Url(new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(verifier))));
  sessionStorage.setItem(PKCE_KEY, JSON.stringify({ verifier, state }));
  const scopes = Array.isArray(settings.scopes) && settings.scopes.length ? settings.scopes : ['openid', 'email'];
  const url = new URL(`${settings.domain}/oauth2/authorize`);
  url.search = new URLSearchParams({
    response_type: 'code',
    client_id: settings.clientId,
    redirect_uri: settings.redirectUri,
    scope: scopes.join(' '),
    state,
    code_challenge: challenge,
    code_challenge_method: 'S256',
  }).toString();
  location.assign(url.toString());
}

async function completeSignIn(params) {
  const pending = JSON.parse(sessionStorage.getItem(PKCE_KEY) || 'null');
  sessionStorage.removeItem(PKCE_KEY); // one use only
  cleanUrl();
  if (params.has('error')) {
    const detail = params.get('error_description') || params.get('error');
    showError(`The sign-in page reported a problem: ${detail}`);
    return false;
  }
  if (!pending || !params.get('state') || params.get('state') !== pending.state || !params.get('code')) {
    showError('This sign-in answer doesn’t match a sign-in started in this tab, so it was refused. '
      + 'This happens with old or copied sign-in links.');
    return false;
  }
  showStatus('Signing you in…');
  try {
    const tokens = await tokenRequest({
      grant_type: 'authorization_code',
      client_id: settings.clientId,
      code: params.get('code'),
      code_verifier: pending.verifier,
      redirect_uri: settings.redirectUri,
    });
    if (!tokens.refresh_token) delete tokens.refresh_token;
    saveTokens(tokens);
    return true;
  } catch (err) {
    showError(`Signing in could not be completed: ${err.message}`);
    return false;
  } finally {
    hideStatus();
  }
}

async function tokenRequest(fields) {
  let res;
  try {
    res = await fetch(`${settings.domain}/oauth2/token`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded', Accept: 'application/json' },
      body: new URLSearchParams(fields).toString(),
      cache: 'no-store',
    });
  } catch {
    throw new Error('the sign-in service could not be reached.');
  }
  const data = await res.json().catch(() => null);
  if (!res.ok || !data || typeof data.access_token !== 'string') {
    const why = data && typeof data.error === 'string' ? ` (${data.error})` : '';
    throw new Error(`the sign-in service refused the request${why}.`);
  }
  return data;
}

function saveTokens(data, previous = null) {
  const tokens = {
    access_token: data.access_token,
    id_token: data.id_token || previous?.id_token || null,
    refresh_token: data.refresh_token || previous?.refresh_token || null,
    expires_at: Date.now() + (Number(data.expires_in) > 0 ? Number(data.expires_in) : 3600) * 1000,
  };
  sessionStorage.setItem(TOKENS_KEY, JSON.stringify(tokens));
  scheduleRefresh(tokens);
  return tokens;
}

function readTokens() {
  try {
    const t = JSON.parse(sessionStorage.getItem(TOKENS_KEY) || 'null');
    return t && typeof t.access_token === 'string' ? t : null;
  } catch {
    return null;
  }
}

/** The stored tokens, refreshed first when they are about to expire; null while going to the hosted UI. */
async function freshTokens() {
  const tokens = readTokens();
  if (tokens && tokens.expires_at - Date.now() > REFRESH_EARLY_MS / 2) return tokens;
  if (tokens?.refresh_token) {
    const renewed = await refresh(tokens);
    if (renewed) return renewed;
  }
  sessionStorage.removeItem(TOKENS_KEY);
  await signIn();
  return null;
}

function refresh(tokens) {
  if (!refreshing) {
    refreshing = tokenRequest({ grant_type: 'refresh_token', client_id: settings.clientId, refresh_token: tokens.refresh_token })
      .then((data) => saveTokens(data, tokens))
      .catch((err) => { console.warn('Lunora: token refresh failed', err); return null; })
      .finally(() => { refreshing = null; });
  }
  return refreshing;
}

function scheduleRefresh(tokens) {
  clearTimeout(refreshTimer);
  if (!tokens.refresh_token) return;
  const wait = Math.max(5000, tokens.expires_at - Date.now() - REFRESH_EARLY_MS);
  refreshTimer = setTimeout(() => { const t = readTokens(); if (t) refresh(t); }, wait);
}

/** A 401 from the API: the token was refused. Sign in again once; if that didn't help, say so. */
function onUnauthorized() {
  if (redirecting) return never;
  const last = Number(sessionStorage.getItem(REAUTH_KEY) || 0);
  if (Date.now() - last < REAUTH_WINDOW_MS) {
    showError('The Lunora API refused your sign-in. Your account may not have access.');
    return undefined;
  }
  sessionStorage.setItem(REAUTH_KEY, String(Date.now()));
  sessionStorage.removeItem(TOKENS_KEY);
  signIn();
  return never;
}

function signOut() {
  clearTimeout(refreshTimer);
  sessionStorage.removeItem(TOKENS_KEY);
  sessionStorage.removeItem(PKCE_KEY);
  sessionStorage.removeItem(REAUTH_KEY);
  redirecting = true;
  const url = new URL(`${settings.domain}/logout`);
  url.search = new URLSearchParams({
    client_id: settings.clientId,
    logout_uri: settings.logoutUri || settings.signOutUri || settings.redirectUri,
  }).toString();
  location.assign(url.toString());
}

function tryAgain() {
  sessionStorage.removeItem(TOKENS_KEY);
  sessionStorage.removeItem(REAUTH_KEY);
  signIn();
}

// ------------------------------------------------------------------ helpers

function randomString(bytes) {
  return base64Url(crypto.getRandomValues(new Uint8Array(bytes)));
}

function base64Url(bytes) {
  let s = '';
  for (const b of bytes) s += String.fromCharCode(b);
  return btoa(s).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

/** The id token's payload, decoded for display only - never verified, never trusted for anything else. */
function idTokenClaims(idToken) {
  try {
    const part = idToken.split('.')[1].replace(/-/g, '+').replace(/_/g, '/');
    const json = new TextDecoder().decode(Uint8Array.from(atob(part.padEnd(Math.ceil(part.length / 4) * 4, '=')), (c) => c.charCodeAt(0)));
    return JSON.parse(json) || {};
  } catch {
    return {};
  }
}

function cleanUrl() {
  const url = new URL(location.href);
  for (const p of ['code', 'state', 'error', 'error_description']) url.searchParams.delete(p);
  history.replaceState(history.state, '', url.pathname + url.search + url.hash);
}

// ------------------------------------------------------------------ UI

function el(tag, props = {}, ...children) {
  const node = Object.assign(document.createElement(tag), props);
  node.append(...children);
  return node;
}

function authArea() {
  let area = document.getElementById('auth-area');
  if (!area) {
    area = el('div', { id: 'auth-area', className: 'auth-area' });
    (document.querySelector('.app-header__inner') || document.body).append(area);
  }
  return area;
}

function showUser(tokens) {
  const email = idTokenClaims(tokens.id_token || '').email;
  const user = el('span', { id: 'auth-user', className: 'auth-user', textContent: typeof email === 'string' ? email : 'Signed in' });
  user.title = 'Signed in as';
  const out = el('button', { type: 'button', id: 'sign-out', className: 'btn btn--small', textContent: 'Sign out' });
  out.addEventListener('click', signOut);
  authArea().replaceChildren(user, out);
}

function showStatus(text) {
  authArea().replaceChildren(el('span', { className: 'auth-user', textContent: text }));
}

function hideStatus() {
  authArea().replaceChildren();
}

function showError(text, retry = true) {
  redirecting = false;
  let box = document.getElementById('auth-error');
  if (!box) {
    box = el('div', { id: 'auth-error', className: 'banner auth-error' });
    box.setAttribute('role', 'alert');
    const main = document.getElementById('main') || document.body;
    main.prepend(box);
  }
  const parts = [el('span', { id: 'auth-error-text', textContent: text })];
  if (retry && settings) {
    const again = el('button', { type: 'button', className: 'btn btn--small', textContent: 'Try again' });
    again.addEventListener('click', tryAgain);
    parts.push(again);
  }
  box.replaceChildren(...parts);
  box.hidden = false;
}
