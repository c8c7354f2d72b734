// Lunora destinations page. Vanilla ES modules, no framework.
// Data from the server is only ever put into the page with textContent or
// attribute setters - never parsed as HTML.

import { api, ApiError, getConfig } from './api.js';
import { startAuth } from './auth.js';
import {
  BACKUP_INGEST_URLS, DEFAULT_INGEST_URLS, PLATFORMS, usesRtmp, validateBackupRtmpUrl, validateDestination,
  validateName, validateRtmpUrl, validateStreamKey, validatePresetId,
} from './validation.js';
import {
  channelName, channelStateKey, costText, deliveryModeText, deliveryText, formatElapsed, formatTime, healthKey, healthLabel,
  inputEndpoints, inputEndpointsIntro, inputTypeLabel, isActionStep, keyHint, liveFor, nameList,
  platformLabel, restingText, signalText, statusKey, statusLabel, stepText, summaryText, urlText,
} from './format.js';

const POLL_MS = 3000;
/** While the channel is being changed, poll faster so the step and the badges keep up. */
const FAST_POLL_MS = 1000;
/** A step older than the reconcile lock's lease means the clocks disagree; count from when we first saw it. */
const MAX_STEP_MS = 20 * 60 * 1000;
/** "Start requested" notes go away once the destination has settled and the note has been readable a while. */
const INFO_NOTICE_MS = 4000;
/** How often a running channel's confidence picture is fetched again (MediaLive renews its thumbnail every few seconds). */
const PICTURE_MS = 5000;
const FIELDS = ['channel_id', 'name', 'platform', 'rtmp_url', 'stream_key', 'backup_rtmp_url', 'backup_stream_key', 'preset_id', 'enabled'];

const state = {
  destinations: [],
  streaming: null,
  channel: null, // /api/channel's "channel", or null when unknown
  channelError: null, // message when /api/channel could not be read
  lastAction: null, // {execution, step, detail}: the last acting reconcile step seen
  phase: null, // {key, text, since}: the step in words and when it began (our clock)
  presets: [],
  loaded: false,
  lastUpdated: null,
  pollTimer: null,
  pollSeq: 0,
  pending: new Set(), // destination ids with a start/stop in flight
  notices: new Map(), // destination id -> {kind, text}
  form: null, // {mode:'create'|'edit', id, version, original, dirty, returnFocus, submitting, clientChecked}
  deleting: null, // {id, name, returnFocus}
  confirming: null, // {id, action, returnFocus, confirmed}
  delivery: { choice: null, submitting: false, error: null }, // the mode switch: an unapplied choice, a PUT in flight, its error
  channels: null, // /api/channels' "channels" (every channel of the account), or null while unknown
  channelsSupported: true, // false once /api/channels answered 404 (an older backend) or 503 not_available: /api/channel only
  phases: new Map(), // channel id -> {lastAction, phase} for the panels of channels other than the primary
  pictures: new Map(), // channel id -> {url, at, status: 'ok'|'missing'|'error', inFlight}
  accountEdits: new Map(), // channel id -> {submitting, error}: the "Channels of this account" list
};

const $ = (id) => document.getElementById(id);
const els = {};

// ---------------------------------------------------------------- DOM helper

/** Creates an element. Children that are strings become text nodes. */
function h(tag, props = {}, ...children) {
  const el = document.createElement(tag);
  for (const [key, value] of Object.entries(props)) {
    if (value === null || value === undefined || value === false) continue;
    if (key === 'class') el.className = value;
    else if (key === 'text') el.textContent = value;
    else if (key === 'dataset') Object.assign(el.dataset, value);
    else if (key.startsWith('on')) el.addEventListener(key.slice(2), value);
    else el.setAttribute(key, value === true ? '' : String(value));
  }
  for (const child of children.flat()) {
    if (child === null || child === undefined || child === false) continue;
    el.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return el;
}

// ---------------------------------------------------------------- start-up

async function init() {
  const signedIn = startAuth(); // first, before any API call (also gates schedules.js and usage.js)
  for (const id of [
    'live-summary', 'live-summary-text', 'add-destination', 'banner', 'banner-text', 'banner-retry',
    'updated', 'destinations', 'destination-rows', 'empty-state', 'loading-state', 'toasts',
    'destination-dialog', 'destination-form', 'dialog-title', 'form-error', 'form-error-text',
    'form-reload', 'form-submit', 'hls-note', 'live-edit-note', 'f-name', 'f-platform', 'f-rtmp-url', 'f-rtmp-url-help',
    'f-rtmp-url-optional', 'f-stream-key', 'f-stream-key-label', 'f-stream-key-help', 'f-backup-url', 'f-backup-url-help',
    'f-backup-key', 'f-backup-key-label', 'backup-ingest', 'f-preset',
    'f-preset-help', 'f-enabled', 'delete-dialog', 'delete-name', 'delete-error', 'delete-confirm',
    'channel-panel', 'channel-id', 'channel-state', 'channel-step', 'channel-elapsed', 'channel-warning',
    'interrupt-dialog', 'interrupt-title', 'interrupt-text', 'interrupt-confirm', 'channel-input', 'channel-input-url',
    'delivery-form', 'delivery-mode', 'delivery-select', 'delivery-apply', 'delivery-reason', 'delivery-error',
    'channel-label', 'channel-extras', 'channel-panels', 'account-channels', 'account-channels-count', 'account-channel-list',
    'f-channel-field', 'f-channel',
  ]) els[id] = $(id);
  els['channel-extras'].append(...createChannelExtras());

  wireForm();
  wireDeleteDialog();
  wireInterruptDialog();
  wireDelivery();
  els['add-destination'].addEventListener('click', (e) => openForm('create', null, e.currentTarget));
  els['banner-retry'].addEventListener('click', () => refresh());
  document.addEventListener('visibilitychange', () => {
    if (!document.hidden) refresh();
  });

  if (!(await signedIn)) return; // going to the sign-in page, or auth.js shows why not
  await Promise.all([loadPresets(), refresh()]);
  setInterval(renderTimes, 1000);
  setInterval(refreshPictures, PICTURE_MS);
}

async function loadPresets() {
  try {
    state.presets = await api.listPresets();
  } catch (err) {
    state.presets = [];
    console.warn('Lunora: could not load presets', err);
  }
  fillPresetSelect();
  if (state.loaded) render(); // preset names in the table
}

// ---------------------------------------------------------------- polling

function pollingPaused() {
  return document.hidden || state.form !== null || state.deleting !== null || state.confirming !== null;
}

function pollDelay() {
  const changing = state.channel?.reconcile_in_flight === true
    || managedChannels().some((c) => c.reconcile_in_flight === true)
    || state.pending.size > 0
    || state.destinations.some((d) => d.streaming_status === 'starting' || d.streaming_status === 'stopping');
  return changing ? FAST_POLL_MS : POLL_MS;
}

function schedulePoll() {
  clearTimeout(state.pollTimer);
  state.pollTimer = setTimeout(() => {
    if (pollingPaused()) {
      renderUpdated();
      schedulePoll();
    } else {
      refresh();
    }
  }, pollDelay());
}

/** Fetches destinations, the streaming summary and the channel; stale answers are dropped. */
async function refresh() {
  clearTimeout(state.pollTimer);
  const seq = ++state.pollSeq;
  try {
    let channelError = null;
    const [destinations, streaming, channel, channels] = await Promise.all([
      api.listDestinations(),
      api.streamingStatus().catch(() => null),
      api.channel().catch((err) => {
        channelError = err;
        return null;
      }),
      state.channelsSupported ? api.listChannels().catch((err) => err) : null,
    ]);
    if (seq !== state.pollSeq) return;
    state.destinations = destinations;
    state.streaming = streaming;
    trackChannel(channel, Date.now());
    trackChannels(channels, Date.now());
    state.channelError = channelError ? channelError.message : null;
    expireInfoNotices();
    state.loaded = true;
    state.lastUpdated = Date.now();
    hideBanner();
    render();
  } catch (err) {
    if (seq !== state.pollSeq) return;
    showBanner(state.loaded
      ? `Couldn’t refresh: ${err.message} Showing the last known state.`
      : `Couldn’t load destinations: ${err.message}`);
    if (!state.loaded) els['loading-state'].hidden = true;
  } finally {
    if (seq === state.pollSeq) schedulePoll();
  }
}

/** Keeps the primary channel (/api/channel) and its step in words, with when the step began on our own clock. */
function trackChannel(channel, receivedAt) {
  state.channel = channel && typeof channel === 'object' ? channel : null;
  trackPhase(state, state.channel, receivedAt);
}

/**
 * Keeps /api/channels' list. A 404 means a backend from before it, which has only /api/channel; 503 not_available a
 * deployment built without the list. Either way the page stays the single-channel page until reloaded.
 */
function trackChannels(answer, receivedAt) {
  if (answer instanceof ApiError && (answer.status === 404 || (answer.status === 503 && answer.code === 'not_available'))) {
    state.channelsSupported = false;
    state.channels = null;
  } else if (Array.isArray(answer)) {
    state.channels = answer.filter((c) => c && typeof c === 'object' && c.channel_id !== null && c.channel_id !== undefined);
  } else if (answer instanceof Error) {
    console.warn('Lunora: could not list the channels; showing the last known list.', answer);
  }
  const primary = primaryId();
  for (const c of managedChannels()) {
    const id = String(c.channel_id);
    if (id === primary) continue;
    if (!state.phases.has(id)) state.phases.set(id, { lastAction: null, phase: null });
    trackPhase(state.phases.get(id), c, receivedAt);
  }
}

/** tracker: {lastAction, phase} of one channel (the primary's live on state itself). */
function trackPhase(tracker, ch, receivedAt) {
  if (!ch) {
    tracker.phase = null;
    return;
  }
  if (isActionStep(ch.step) && ch.execution) {
    tracker.lastAction = { execution: ch.execution, step: ch.step, detail: typeof ch.step_detail === 'string' ? ch.step_detail : '' };
  }
  if (!ch.reconcile_in_flight) {
    tracker.phase = null;
    return;
  }
  const lastAction = tracker.lastAction?.execution === ch.execution ? tracker.lastAction : null;
  const text = stepText(ch, lastAction);
  const key = `${ch.execution ?? ''}\u0000${text}`;
  // "wait" steps are recorded again on every look at the channel; the same words keep the same start.
  if (tracker.phase?.key !== key) tracker.phase = { key, text, since: receivedAt - elapsedAtReceipt(ch.step_started_at, receivedAt) };
}

// ---------------------------------------------------------------- channels of the account (issue 18)

/** The configured primary channel's id: /api/channel's, else the one /api/channels marks primary; '' when unknown. */
function primaryId() {
  const id = state.channel?.channel_id ?? state.channels?.find((c) => c.primary === true)?.channel_id;
  return id === null || id === undefined ? '' : String(id);
}

/** The channels Lunora manages, primary first (the server's order otherwise). */
function managedChannels() {
  if (!Array.isArray(state.channels)) return [];
  const primary = primaryId();
  const list = state.channels.filter((c) => c.managed === true);
  return [...list.filter((c) => String(c.channel_id) === primary), ...list.filter((c) => String(c.channel_id) !== primary)];
}

/** What the page knows of one channel: for the primary, /api/channels' entry overlaid with /api/channel (the old contract). */
function channelView(id) {
  const entry = Array.isArray(state.channels) ? state.channels.find((c) => String(c.channel_id) === id) ?? null : null;
  if (id && id === primaryId() && state.channel) return { ...(entry ?? {}), ...state.channel };
  return entry;
}

/** The step tracker of a channel (the primary's is state itself). */
function trackerOf(id) {
  return id === primaryId() ? state : state.phases.get(id) ?? { lastAction: null, phase: null };
}

/** A destination's channel; items from before issue 18 carry none and belong to the primary. */
function channelIdOf(d) {
  const id = d?.channel_id;
  return id === null || id === undefined || id === '' ? primaryId() : String(id);
}

function elapsedAtReceipt(startedAt, now) {
  const t = typeof startedAt === 'string' ? Date.parse(startedAt) : NaN;
  if (!Number.isFinite(t)) return 0;
  const elapsed = now - t;
  // The server's clock ahead of ours (or local mode's sped-up clock) would give nonsense: count from now.
  return elapsed >= 0 && elapsed < MAX_STEP_MS ? elapsed : 0;
}

/** Drops "Start requested" notes once their destination has settled; the row shows the outcome itself. */
function expireInfoNotices() {
  const now = Date.now();
  for (const [id, notice] of state.notices) {
    if (notice.kind !== 'info' || !notice.at || now - notice.at < INFO_NOTICE_MS) continue;
    const d = state.destinations.find((x) => String(x.destination_id) === id);
    if (d && d.streaming_status !== 'starting' && d.streaming_status !== 'stopping' && !state.pending.has(id)) {
      state.notices.delete(id);
    }
  }
}

/** What to show under a destination's status badge: the channel's step, an error, or an interruption. */
function statusDetail(d) {
  const s = d.streaming_status;
  const id = channelIdOf(d);
  const ch = channelView(id);
  const phase = trackerOf(id).phase;
  const inFlight = ch?.reconcile_in_flight === true;
  if (s === 'starting' || s === 'stopping') {
    return { kind: 'step', text: inFlight && phase ? `${phase.text}…` : 'Waiting for the channel…' };
  }
  if (s === 'error') return d.last_error ? { kind: 'error', text: String(d.last_error) } : null;
  if (s === 'streaming' && inFlight && ch.state !== 'RUNNING') {
    return { kind: 'warn', text: 'Interrupted while the channel restarts' };
  }
  return null;
}

function renderChannel() {
  // Where the producer pushes, when the deployment says (local mode's media mode does).
  const inputUrl = getConfig().input?.url;
  els['channel-input'].hidden = typeof inputUrl !== 'string' || inputUrl === '';
  if (!els['channel-input'].hidden) setText(els['channel-input-url'], inputUrl);
  const ch = state.channel;
  const panel = els['channel-panel'];
  const badge = els['channel-state'];
  const warning = els['channel-warning'];
  if (!ch) {
    panel.dataset.state = 'unknown';
    panel.classList.remove('is-busy', 'is-failed');
    badge.className = 'badge badge--unknown channel__badge';
    setText(badge, 'Unknown');
    setText(els['channel-id'], '');
    setText(els['channel-step'], state.channelError ? `Channel status unavailable: ${state.channelError}` : state.loaded ? 'Channel status unavailable' : 'Loading channel…');
    setText(els['channel-elapsed'], '');
    warning.hidden = true;
    setText(els['channel-label'], 'MediaLive channel');
    renderChannelExtras(panel, null);
    renderDelivery();
    return;
  }
  const stateName = typeof ch.state === 'string' && ch.state ? ch.state : 'UNKNOWN';
  panel.dataset.state = stateName;
  panel.classList.toggle('is-busy', ch.reconcile_in_flight === true);
  badge.className = `badge badge--${channelStateKey(stateName)} channel__badge`;
  setText(badge, stateName);
  setText(els['channel-id'], ch.channel_id ? String(ch.channel_id) : '');
  if (ch.channel_id) panel.dataset.channelId = String(ch.channel_id);
  const view = channelView(String(ch.channel_id ?? '')) ?? ch;
  setText(els['channel-label'], typeof view.display_name === 'string' && view.display_name.trim() ? view.display_name.trim() : 'MediaLive channel');
  renderChannelExtras(panel, view);
  if (ch.reconcile_in_flight && state.phase) {
    setText(els['channel-step'], state.phase.text);
    setText(els['channel-elapsed'], formatElapsed(Date.now() - state.phase.since));
  } else {
    setText(els['channel-step'], restingText(ch));
    setText(els['channel-elapsed'], '');
  }
  const failed = (ch.step === 'failed' || ch.step === 'unusable') && typeof ch.step_detail === 'string' && ch.step_detail.trim();
  setText(warning, failed ? ch.step_detail.trim() : '');
  warning.hidden = !failed;
  panel.classList.toggle('is-failed', Boolean(failed));
  renderDelivery();
}

/** The parts every channel panel has beyond the old one: signal, input and its address, cost, the picture. */
function createChannelExtras() {
  const picture = h('figure', { class: 'channel__picture', hidden: true },
    h('img', { class: 'channel__thumbnail', alt: '', hidden: true, decoding: 'async' }),
    h('figcaption', { class: 'channel__picture-note muted' }));
  return [
    h('p', { class: 'channel__signal', role: 'alert', hidden: true }),
    h('p', { class: 'channel__signal-ok', hidden: true }),
    h('p', { class: 'channel__ingest', hidden: true },
      h('span', { class: 'channel__input-type' }), ' — ', h('span', { class: 'channel__ingest-intro' }), ' ',
      h('span', { class: 'channel__endpoints' })),
    h('p', { class: 'channel__cost muted', hidden: true }),
    picture,
  ];
}

/** Fills a panel's extras from a channel (null: hides them all); only present members are shown. */
function renderChannelExtras(panel, ch) {
  const q = (sel) => panel.querySelector(sel);
  const signal = signalText(ch);
  const lost = q('.channel__signal');
  setText(lost, signal.kind === 'lost' ? signal.text : '');
  lost.hidden = signal.kind !== 'lost';
  panel.classList.toggle('is-no-signal', signal.kind === 'lost');
  const ok = q('.channel__signal-ok');
  setText(ok, signal.kind === 'ok' ? signal.text : '');
  ok.hidden = signal.kind !== 'ok';

  const ingest = q('.channel__ingest');
  const type = typeof ch?.input?.type === 'string' ? ch.input.type : '';
  const endpoints = inputEndpoints(ch);
  ingest.hidden = !type && endpoints.length === 0;
  setText(q('.channel__input-type'), inputTypeLabel(type));
  setText(q('.channel__ingest-intro'), endpoints.length ? inputEndpointsIntro(type) : 'no address known');
  const list = q('.channel__endpoints');
  if (list.dataset.text !== endpoints.join('\n')) {
    list.dataset.text = endpoints.join('\n');
    list.replaceChildren(...endpoints.flatMap((e, i) => (i === 0 ? [h('code', { text: e })] : [', ', h('code', { text: e })])));
  }

  const cost = q('.channel__cost');
  const text = ch ? costText(ch) : '';
  setText(cost, text);
  cost.hidden = !text;
  renderPicture(panel, ch);
}

function renderPicture(panel, ch) {
  const figure = panel.querySelector('.channel__picture');
  const img = panel.querySelector('.channel__thumbnail');
  const note = panel.querySelector('.channel__picture-note');
  // Only a backend that lists channels serves pictures.
  figure.hidden = !state.channelsSupported || !ch || !Array.isArray(state.channels);
  if (figure.hidden) return;
  const id = String(ch.channel_id ?? '');
  const picture = ch.state === 'RUNNING' ? state.pictures.get(id) : null;
  const shown = Boolean(picture?.url);
  if (shown && img.getAttribute('src') !== picture.url) img.src = picture.url;
  if (!shown && img.hasAttribute('src')) img.removeAttribute('src');
  img.hidden = !shown;
  img.alt = `Latest picture of ${channelName(ch)}`;
  figure.dataset.picture = shown ? 'shown' : ch.state === 'RUNNING' ? 'waiting' : 'idle';
  let words;
  if (ch.state !== 'RUNNING') words = 'The picture appears when the channel runs.';
  else if (!shown) words = picture?.status === 'error' ? `No picture: ${picture.error}` : 'Waiting for the first picture…';
  else words = `Program picture at ${new Date(picture.at).toLocaleTimeString()}${picture.status === 'error' ? ' (could not refresh)' : ''}`;
  setText(note, words);
}

/**
 * Fetches the latest thumbnail of every managed channel that runs (through api.js, so the auth header and base URL
 * apply) and drops the pictures of those that stopped. onlyNew: just the running ones with no picture asked for yet.
 */
function refreshPictures({ onlyNew = false } = {}) {
  if (!state.channelsSupported || !Array.isArray(state.channels) || (document.hidden && !onlyNew)) return;
  const running = new Set();
  for (const c of managedChannels()) {
    const id = String(c.channel_id);
    const view = channelView(id);
    if (view?.state !== 'RUNNING') continue;
    running.add(id);
    const picture = state.pictures.get(id);
    if (picture?.inFlight || (onlyNew && picture)) continue;
    fetchPicture(id);
  }
  for (const [id, picture] of state.pictures) {
    if (!running.has(id) && !picture.inFlight) state.pictures.delete(id);
  }
}

async function fetchPicture(id) {
  const picture = state.pictures.get(id) ?? { url: null, at: null, status: 'missing', error: null, inFlight: false };
  picture.inFlight = true;
  state.pictures.set(id, picture);
  try {
    // A data: URL, not a blob: one: the page's Content-Security-Policy (index.html, the local web server's and the
    // CloudFront site's headers) allows img-src 'self' data: only.
    picture.url = await dataUrl(await api.channelThumbnail(id));
    picture.at = Date.now();
    picture.status = 'ok';
  } catch (err) {
    if (err instanceof ApiError && err.status === 404) {
      // Idle, or no thumbnail yet: no picture rather than an old one.
      picture.url = null;
      picture.status = 'missing';
    } else {
      picture.status = 'error';
      picture.error = err?.message ?? 'the server did not answer';
    }
  } finally {
    picture.inFlight = false;
  }
  if (state.pictures.get(id) === picture) renderAllPictures();
}

function dataUrl(blob) {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(String(reader.result));
    reader.onerror = () => reject(new ApiError({ code: 'bad_response', message: 'The picture could not be read.' }));
    reader.readAsDataURL(blob);
  });
}

function renderAllPictures() {
  const primary = primaryId();
  if (state.channel) renderPicture(els['channel-panel'], channelView(primary) ?? state.channel);
  for (const panel of els['channel-panels'].querySelectorAll('section.channel')) {
    renderPicture(panel, channelView(panel.dataset.channelId));
  }
}

/** One panel per managed channel besides the primary (whose panel is #channel-panel), reused across polls. */
function renderChannelPanels() {
  const box = els['channel-panels'];
  const primary = primaryId();
  const wanted = managedChannels().filter((c) => String(c.channel_id) !== primary);
  const existing = new Map([...box.querySelectorAll('section.channel')].map((p) => [p.dataset.channelId, p]));
  let cursor = box.firstChild;
  for (const c of wanted) {
    const id = String(c.channel_id);
    let panel = existing.get(id);
    if (panel) existing.delete(id);
    else panel = createChannelPanel(id);
    updateChannelPanel(panel, channelView(id) ?? c);
    if (panel !== cursor) box.insertBefore(panel, cursor);
    cursor = panel.nextSibling;
  }
  for (const panel of existing.values()) panel.remove();
}

function createChannelPanel(id) {
  const titleId = `channel-title-${id}`;
  return h('section', { class: 'channel channel--extra', 'aria-labelledby': titleId, dataset: { channelId: id, state: 'unknown' } },
    h('div', { class: 'channel__head' },
      h('p', { class: 'channel__title', id: titleId }, h('span', { class: 'channel__label' }), ' ',
        h('span', { class: 'channel__id muted', text: id })),
      h('span', { class: 'badge badge--unknown channel__badge', text: '…' })),
    h('p', { class: 'channel__line' }, h('span', { class: 'channel__step', 'aria-live': 'polite' }),
      h('span', { class: 'channel__elapsed', 'aria-hidden': 'true' })),
    h('p', { class: 'channel__warning', role: 'alert', hidden: true }),
    ...createChannelExtras(),
    h('p', { class: 'channel__delivery-mode' }));
}

function updateChannelPanel(panel, ch) {
  const q = (sel) => panel.querySelector(sel);
  const id = panel.dataset.channelId;
  const stateName = typeof ch?.state === 'string' && ch.state ? ch.state : 'UNKNOWN';
  panel.dataset.state = stateName;
  panel.classList.toggle('is-busy', ch?.reconcile_in_flight === true);
  setText(q('.channel__label'), channelName(ch));
  const badge = q('.channel__badge');
  badge.className = `badge badge--${channelStateKey(stateName)} channel__badge`;
  setText(badge, stateName);
  const phase = trackerOf(id).phase;
  if (ch?.reconcile_in_flight && phase) {
    setText(q('.channel__step'), phase.text);
    setText(q('.channel__elapsed'), formatElapsed(Date.now() - phase.since));
  } else {
    setText(q('.channel__step'), restingText(ch));
    setText(q('.channel__elapsed'), '');
  }
  const failed = (ch?.step === 'failed' || ch?.step === 'unusable') && typeof ch.step_detail === 'string' && ch.step_detail.trim();
  const warning = q('.channel__warning');
  setText(warning, failed ? ch.step_detail.trim() : '');
  warning.hidden = !failed;
  panel.classList.toggle('is-failed', Boolean(failed));
  setText(q('.channel__delivery-mode'), deliveryModeText(ch?.delivery === 'relay' ? 'relay' : 'direct'));
  renderChannelExtras(panel, ch);
}

// ---------------------------------------------------------------- "Channels of this account": manage, name

function renderAccountChannels() {
  const box = els['account-channels'];
  const list = Array.isArray(state.channels) ? state.channels : [];
  box.hidden = !state.channelsSupported || list.length === 0;
  if (box.hidden) return;
  const managed = list.filter((c) => c.managed === true).length;
  setText(els['account-channels-count'], `(${list.length}, ${managed} managed)`);
  const ul = els['account-channel-list'];
  const existing = new Map([...ul.querySelectorAll('li.account-channel')].map((li) => [li.dataset.channelId, li]));
  let cursor = ul.firstChild;
  for (const c of list) {
    const id = String(c.channel_id);
    let li = existing.get(id);
    if (li) existing.delete(id);
    else li = createAccountChannel(id);
    updateAccountChannel(li, c);
    if (li !== cursor) ul.insertBefore(li, cursor);
    cursor = li.nextSibling;
  }
  for (const li of existing.values()) li.remove();
}

function createAccountChannel(id) {
  const nameId = `account-name-${id}`;
  const manage = h('input', { type: 'checkbox', class: 'account-channel__managed' });
  manage.addEventListener('change', () => setManaged(id, manage.checked));
  const nameInput = h('input', { type: 'text', id: nameId, class: 'account-channel__name', maxlength: 100, autocomplete: 'off', spellcheck: 'false' });
  nameInput.addEventListener('input', () => {
    nameInput.dataset.dirty = '1';
  });
  const rename = h('form', { class: 'account-channel__rename', novalidate: true },
    h('label', { for: nameId, text: 'Display name' }), nameInput,
    h('button', { type: 'submit', class: 'btn btn--small account-channel__save', text: 'Save name' }));
  rename.addEventListener('submit', (e) => {
    e.preventDefault();
    saveDisplayName(id, nameInput.value);
  });
  return h('li', { class: 'account-channel', dataset: { channelId: id } },
    h('div', { class: 'account-channel__head' },
      h('span', { class: 'account-channel__title' }), ' ', h('span', { class: 'account-channel__id muted', text: id }), ' ',
      h('span', { class: 'account-channel__meta muted' }), ' ', h('span', { class: 'badge account-channel__state' })),
    h('label', { class: 'account-channel__manage' }, manage, ' ', h('span', { text: 'Managed by Lunora' })),
    rename,
    h('p', { class: 'account-channel__error', role: 'alert', hidden: true }));
}

function updateAccountChannel(li, c) {
  const q = (sel) => li.querySelector(sel);
  const id = li.dataset.channelId;
  const edit = state.accountEdits.get(id) ?? {};
  setText(q('.account-channel__title'), channelName(c));
  const bits = [inputTypeLabel(c.input?.type)];
  if (c.primary === true) bits.push('primary (MEDIALIVE_CHANNEL_ID)');
  if (c.channel_class) bits.push(String(c.channel_class));
  setText(q('.account-channel__meta'), bits.join(' · '));
  const badge = q('.account-channel__state');
  const stateName = typeof c.state === 'string' && c.state ? c.state : 'UNKNOWN';
  badge.className = `badge badge--${channelStateKey(stateName)} account-channel__state`;
  setText(badge, stateName);
  const manage = q('.account-channel__managed');
  if (!edit.submitting) manage.checked = c.managed === true;
  manage.disabled = Boolean(edit.submitting);
  manage.setAttribute('aria-label', `Managed by Lunora: ${channelName(c)} (${id})`);
  const input = q('.account-channel__name');
  if (document.activeElement !== input && input.dataset.dirty !== '1') {
    input.value = typeof c.display_name === 'string' ? c.display_name : channelName(c);
  }
  input.disabled = Boolean(edit.submitting);
  q('.account-channel__save').disabled = Boolean(edit.submitting);
  const error = q('.account-channel__error');
  setText(error, edit.error ?? '');
  error.hidden = !edit.error;
}

async function changeChannel(id, fields, done) {
  const edit = { submitting: true, error: null };
  state.accountEdits.set(id, edit);
  renderAccountChannels();
  try {
    const channel = await api.updateChannel(id, fields);
    if (channel && Array.isArray(state.channels)) {
      const i = state.channels.findIndex((c) => String(c.channel_id) === id);
      if (i >= 0) state.channels[i] = channel;
      else state.channels.push(channel);
    }
    state.accountEdits.delete(id);
    if (channel) done(channel);
  } catch (err) {
    edit.submitting = false;
    edit.error = err instanceof ApiError ? err.message : 'Could not change the channel. Please try again.';
    if (!(err instanceof ApiError)) console.error(err);
  }
  render();
  refresh();
}

function setManaged(id, managed) {
  changeChannel(id, { managed }, (c) => toast(managed
    ? `${channelName(c)} is managed by Lunora: it has its own panel and takes destinations.`
    : `${channelName(c)} is no longer managed by Lunora.`));
}

function saveDisplayName(id, name) {
  changeChannel(id, { display_name: name.trim() }, (c) => {
    const input = els['account-channel-list'].querySelector(`li.account-channel[data-channel-id="${CSS.escape(id)}"] .account-channel__name`);
    if (input) delete input.dataset.dirty;
    toast(`Channel ${id} is now called ${channelName(c)}`);
  });
}

// ---------------------------------------------------------------- the form's channel picker

/** Fills the picker with the managed channels (the destination's own kept even if it is no longer managed). */
function fillChannelSelect(d) {
  const field = els['f-channel-field'];
  const select = els['f-channel'];
  const managed = managedChannels();
  field.hidden = !state.channelsSupported || managed.length === 0;
  select.disabled = field.hidden;
  if (field.hidden) return;
  const current = d ? channelIdOf(d) : primaryId() || String(managed[0].channel_id);
  const options = managed.map((c) => h('option', { value: String(c.channel_id),
    text: `${channelName(c)} · ${c.channel_id} · ${inputTypeLabel(c.input?.type)}` }));
  if (current && !managed.some((c) => String(c.channel_id) === current)) {
    options.push(h('option', { value: current, text: `${current} (not managed by Lunora)` }));
  }
  select.replaceChildren(...options);
  select.value = current;
  if (select.selectedIndex < 0) select.selectedIndex = 0;
}

// ---------------------------------------------------------------- delivery mode (architecture §8)

const CHANNEL_AT_REST = new Set(['IDLE', 'UPDATE_FAILED', 'CREATE_FAILED', 'DELETED']);

function isRelay(channelId = primaryId()) {
  return channelView(channelId)?.delivery === 'relay';
}

/** Why the mode cannot switch to {@code target} now, in words, or null when it can (the server checks again). */
function deliverySwitchBlocker(ch, target) {
  if (target === 'relay' && ch.relay_available !== true) {
    return 'Relay mode is not deployed in this stack, so the channel stays direct.';
  }
  const id = String(ch.channel_id ?? primaryId());
  const live = sorted(state.destinations)
    .filter((d) => channelIdOf(d) === id && (wantsStreaming(d) || d.streaming_status === 'stopping'));
  if (live.length) {
    return `The mode changes only while nothing streams: stop ${nameList(live.map((d) => String(d.name ?? '')))} first.`;
  }
  if (ch.reconcile_in_flight === true) return 'The mode changes once the channel change in progress has finished.';
  if (!CHANNEL_AT_REST.has(ch.state)) return `The mode changes only while the channel is idle (it is ${String(ch.state ?? 'unknown')}).`;
  return null;
}

function renderDelivery() {
  const ch = state.channel;
  const select = els['delivery-select'];
  const apply = els['delivery-apply'];
  const d = state.delivery;
  els['delivery-form'].hidden = !ch;
  if (!ch) return;
  const mode = ch.delivery === 'relay' ? 'relay' : 'direct';
  // A server that predates delivery modes sends none: its channels are all direct.
  setText(els['delivery-mode'], deliveryModeText(mode));
  els['delivery-form'].dataset.mode = mode;
  // Keep what the producer picked across polls, until it is applied or the server's mode catches up with it.
  if (d.choice === mode) d.choice = null;
  const target = d.choice ?? (mode === 'direct' ? 'relay' : 'direct');
  const blocker = deliverySwitchBlocker(ch, target);
  if (document.activeElement !== select) select.value = d.choice ?? mode;
  select.querySelector('option[value="relay"]').disabled = mode === 'direct' && ch.relay_available !== true;
  select.disabled = d.submitting || Boolean(blocker);
  apply.disabled = d.submitting || Boolean(blocker) || select.value === mode;
  setText(apply, d.submitting ? 'Applying…' : 'Apply');
  setText(els['delivery-reason'], blocker ?? '');
  setText(els['delivery-error'], d.error ?? '');
  els['delivery-error'].hidden = !d.error;
}

function wireDelivery() {
  els['delivery-select'].addEventListener('change', () => {
    state.delivery.choice = els['delivery-select'].value;
    state.delivery.error = null;
    renderDelivery();
  });
  els['delivery-form'].addEventListener('submit', (e) => {
    e.preventDefault();
    applyDelivery();
  });
}

async function applyDelivery() {
  const d = state.delivery;
  const mode = els['delivery-select'].value;
  if (d.submitting || !state.channel || mode === state.channel.delivery) return;
  d.submitting = true;
  d.error = null;
  renderDelivery();
  try {
    const channel = await api.setDelivery(mode);
    d.choice = null;
    trackChannel(channel, Date.now());
    toast(mode === 'relay' ? 'Delivery mode: Relay' : 'Delivery mode: Direct');
  } catch (err) {
    d.error = err instanceof ApiError ? err.message : 'Could not switch the delivery mode. Please try again.';
    if (!(err instanceof ApiError)) console.error(err);
  } finally {
    d.submitting = false;
    render();
  }
}

function upsertLocal(d) {
  if (!d || !d.destination_id) return;
  const i = state.destinations.findIndex((x) => x.destination_id === d.destination_id);
  if (i >= 0) state.destinations[i] = d;
  else state.destinations.push(d);
  render();
}

// ---------------------------------------------------------------- rendering

function sorted(list) {
  return [...list].sort((a, b) => String(a.created_at ?? '').localeCompare(String(b.created_at ?? ''))
    || String(a.name ?? '').localeCompare(String(b.name ?? ''))
    || String(a.destination_id).localeCompare(String(b.destination_id)));
}

function render() {
  const tbody = els['destination-rows'];
  const list = sorted(state.destinations);
  const existing = new Map();
  for (const tr of tbody.querySelectorAll('tr.row')) existing.set(tr.dataset.id, tr);

  const existingGroups = new Map();
  for (const tr of tbody.querySelectorAll('tr.group-row')) existingGroups.set(tr.dataset.channelId, tr);

  // Rows are reused (matched by id) so focus stays on a button across polls.
  let cursor = tbody.firstChild;
  const groups = destinationGroups(list);
  // Without the channel list (an older backend) the table is the single-channel table it was.
  const grouped = Array.isArray(state.channels)
    && (groups.length > 1 || (groups.length === 1 && groups[0].channelId !== primaryId()));
  for (const group of groups) {
    if (grouped) {
      let head = existingGroups.get(group.channelId);
      if (!head) head = createGroupRow(group.channelId);
      updateGroupRow(head, group);
      if (head !== cursor) tbody.insertBefore(head, cursor);
      cursor = head.nextSibling;
    }
    cursor = renderRows(tbody, group.destinations, existing, cursor);
  }
  // Remove rows (and stray notice and group rows) for destinations and channels that are gone.
  while (cursor) {
    const next = cursor.nextSibling;
    if (cursor.contains(document.activeElement)) els['add-destination'].focus();
    cursor.remove();
    cursor = next;
  }
  for (const id of [...state.notices.keys()]) {
    if (!list.some((d) => String(d.destination_id) === id)) state.notices.delete(id);
  }

  els['loading-state'].hidden = state.loaded;
  els['empty-state'].hidden = !state.loaded || list.length > 0;
  els.destinations.hidden = state.loaded && list.length === 0;

  const summary = summaryText(state.destinations, state.streaming);
  els['live-summary-text'].textContent = summary.text;
  els['live-summary'].classList.toggle('is-live', summary.live);
  renderChannel();
  renderChannelPanels();
  renderAccountChannels();
  renderUpdated();
  refreshPictures({ onlyNew: true });
}

/** Places the rows of {@code list} (and their notice rows) from {@code cursor} on; returns the node after the last. */
function renderRows(tbody, list, existing, cursor) {
  for (const d of list) {
    const id = String(d.destination_id);
    let tr = existing.get(id);
    if (tr) existing.delete(id);
    else tr = createRow(id);
    updateRow(tr, d);
    if (tr !== cursor) tbody.insertBefore(tr, cursor);

    const notice = state.notices.get(id);
    let noticeRow = tbody.querySelector(`tr.notice-row[data-for="${CSS.escape(id)}"]`);
    if (notice) {
      if (!noticeRow) noticeRow = createNoticeRow(id);
      if (tr.nextSibling !== noticeRow) tbody.insertBefore(noticeRow, tr.nextSibling);
      updateNoticeRow(noticeRow, notice);
      cursor = noticeRow.nextSibling;
    } else {
      if (noticeRow?.contains(document.activeElement)) tr.querySelector('.action-toggle')?.focus();
      noticeRow?.remove();
      cursor = tr.nextSibling;
    }
  }
  return cursor;
}

/**
 * The destinations by channel: every managed channel (primary first, even with no destination yet), then channels
 * that hold destinations but are not managed (or not known). One group, the primary's, with no header, where the
 * account has one managed channel or the backend predates channels.
 */
function destinationGroups(list) {
  const managed = managedChannels().map((c) => String(c.channel_id));
  const primary = primaryId();
  const order = primary && !managed.includes(primary) ? [primary, ...managed] : managed;
  const byChannel = new Map(order.map((id) => [id, []]));
  for (const d of list) {
    const id = channelIdOf(d);
    if (!byChannel.has(id)) byChannel.set(id, []);
    byChannel.get(id).push(d);
  }
  if (byChannel.size === 0) return [{ channelId: primary, destinations: list }];
  return [...byChannel].filter(([id, ds]) => ds.length > 0 || managed.includes(id))
    .map(([channelId, destinations]) => ({ channelId, destinations }));
}

function createGroupRow(channelId) {
  const th = h('th', { colspan: 8, scope: 'colgroup', class: 'group-row__cell' },
    h('span', { class: 'group-row__name' }), ' ', h('span', { class: 'group-row__id' }), ' ',
    h('span', { class: 'group-row__meta muted' }));
  return h('tr', { class: 'group-row', dataset: { channelId } }, th);
}

function updateGroupRow(tr, group) {
  const ch = channelView(group.channelId);
  const q = (sel) => tr.querySelector(sel);
  setText(q('.group-row__name'), ch ? channelName(ch) : `Channel ${group.channelId || 'unknown'}`);
  setText(q('.group-row__id'), group.channelId);
  const bits = [];
  if (ch?.input?.type) bits.push(inputTypeLabel(ch.input.type));
  if (typeof ch?.state === 'string' && ch.state) bits.push(ch.state);
  if (ch && ch.managed === false) bits.push('not managed by Lunora: its destinations cannot start');
  if (!ch) bits.push('not a channel of this account');
  if (group.destinations.length === 0) bits.push('no destinations yet');
  setText(q('.group-row__meta'), bits.join(' · '));
}

function createRow(id) {
  const cell = (name, label) => h('td', { class: `cell cell--${name}`, 'data-label': label });
  const tr = h('tr', { class: 'row', dataset: { id } });
  const name = cell('name', 'Name');
  name.append(h('span', { class: 'name' }), h('span', { class: 'preset muted' }));
  const platform = cell('platform', 'Platform');
  platform.append(h('span', { class: 'platform' }));
  const url = cell('url', 'Ingest URL');
  url.append(h('span', { class: 'url' }));
  const key = cell('key', 'Stream key');
  key.append(h('span', { class: 'key' }));
  const enabled = cell('enabled', 'Enabled');
  enabled.append(h('span', { class: 'enabled' }));
  const status = cell('status', 'Status');
  status.append(h('span', { class: 'badge' }), h('span', { class: 'since muted' }), h('span', { class: 'status-detail' }),
    h('span', { class: 'delivery-status' }));
  const health = cell('health', 'Health');
  health.append(h('span', { class: 'health' }), h('span', { class: 'health-message' }), h('span', { class: 'last-error' }));

  const actions = h('td', { class: 'cell cell--actions' });
  const toggle = h('button', { type: 'button', class: 'btn btn--small action-toggle' });
  toggle.addEventListener('click', (e) => onStartStop(id, e.currentTarget));
  const edit = h('button', { type: 'button', class: 'btn btn--small btn--ghost action-edit', text: 'Edit' });
  edit.addEventListener('click', (e) => onEdit(id, e.currentTarget));
  const test = h('button', { type: 'button', class: 'btn btn--small btn--ghost action-test', text: 'Test' });
  test.addEventListener('click', (e) => onTest(id, e.currentTarget));
  const del = h('button', { type: 'button', class: 'btn btn--small btn--ghost btn--danger-text action-delete', text: 'Delete' });
  del.addEventListener('click', (e) => openDelete(id, e.currentTarget));
  actions.append(h('div', { class: 'actions' }, toggle, edit, test, del));

  tr.append(name, platform, url, key, enabled, status, health, actions);
  return tr;
}

function setText(el, text) {
  if (el.textContent !== text) el.textContent = text;
}

function updateRow(tr, d) {
  const q = (sel) => tr.querySelector(sel);
  tr.dataset.status = statusKey(d.streaming_status);
  const name = String(d.name ?? '');
  setText(q('.name'), name);
  const preset = state.presets.find((p) => p.preset_id === d.preset_id);
  setText(q('.preset'), preset ? preset.name : (d.preset_id ? String(d.preset_id) : ''));
  setText(q('.platform'), platformLabel(d.platform));
  q('.platform').dataset.platform = PLATFORMS.includes(d.platform) ? d.platform : 'other';
  setUrl(q('.url'), urlText(d));
  q('.url').classList.toggle('url--none', d.platform === 'hls' || !d.rtmp_url);
  q('.url').title = d.platform === 'hls' ? '' : String(d.rtmp_url ?? '');
  setText(q('.key'), keyHint(d));
  setText(q('.enabled'), d.enabled ? 'Yes' : 'No');
  q('.enabled').className = `enabled pill ${d.enabled ? 'pill--on' : 'pill--off'}`;

  const badge = q('.badge');
  badge.className = `badge badge--${statusKey(d.streaming_status)}`;
  setText(badge, statusLabel(d.streaming_status));
  setText(q('.since'), d.streaming_status === 'streaming' ? liveFor(d.streaming_started_at) ?? '' : '');
  const detail = statusDetail(d);
  const detailEl = q('.status-detail');
  detailEl.className = `status-detail${detail ? ` status-detail--${detail.kind}` : ''}`;
  setText(detailEl, detail ? detail.text : '');
  const delivery = deliveryText(d.delivery);
  const deliveryEl = q('.delivery-status');
  deliveryEl.className = `delivery-status${delivery ? ` delivery-status--${delivery.kind}` : ''}`;
  setText(deliveryEl, delivery ? delivery.text : '');

  const health = q('.health');
  health.className = `health health--${healthKey(d.health)}`;
  setText(health, healthLabel(d.health));
  const healthMessage = q('.health-message');
  healthMessage.className = `health-message health-message--${healthKey(d.health)}`;
  setText(healthMessage, d.health_message ? String(d.health_message) : '');
  // An error's reason is shown under the status badge; anything else the server reports stays here.
  setText(q('.last-error'), d.last_error && d.streaming_status !== 'error' ? String(d.last_error) : '');

  const busy = state.pending.has(String(d.destination_id));
  const running = d.desired_state === 'streaming'
    || ['starting', 'streaming'].includes(d.streaming_status);
  const toggle = q('.action-toggle');
  setText(toggle, busy ? (running ? 'Stopping…' : 'Starting…') : running ? 'Stop' : 'Start');
  toggle.className = `btn btn--small action-toggle ${running ? 'btn--stop' : 'btn--start'}`;
  toggle.dataset.action = running ? 'stop' : 'start';
  toggle.setAttribute('aria-label', `${running ? 'Stop' : 'Start'} ${name}`);
  const cannotStart = !running && !d.enabled;
  toggle.disabled = busy || cannotStart || d.streaming_status === 'stopping';
  toggle.title = cannotStart ? 'Enable this destination to start it' : '';
  q('.action-edit').setAttribute('aria-label', `Edit ${name}`);
  q('.action-test').setAttribute('aria-label', `Test the connection of ${name}`);
  q('.action-delete').setAttribute('aria-label', `Delete ${name}`);
}

/** The connection Test: reachability and latency in a toast; never publishes, never sends the key. */
async function onTest(id, button) {
  const d = state.destinations.find((x) => x.destination_id === id);
  const name = d ? String(d.name ?? '') : id;
  button.disabled = true;
  try {
    const r = await api.testDestination(id);
    const latency = typeof r.latency === 'number' ? ` · ${r.latency} ms` : '';
    toast(`${name}: ${r.message || r.connectivity}${latency}`, r.reachable ? 'success' : 'error');
  } catch (err) {
    toast(`${name}: ${err.message}`, 'error');
  } finally {
    button.disabled = false;
  }
}

/** Shows a URL as text with line-break opportunities after "/", "." and ":" (never parsed as HTML). */
function setUrl(el, text) {
  if (el.dataset.text === text) return;
  el.dataset.text = text;
  const parts = text.split(/(?<=[/.:?&=])/);
  el.replaceChildren(...parts.flatMap((part, i) => (i === 0 ? [part] : [document.createElement('wbr'), part])));
}

function createNoticeRow(id) {
  const td = h('td', { colspan: 8 });
  const box = h('div', { class: 'notice' }, h('span', { class: 'notice__text' }));
  const close = h('button', { type: 'button', class: 'btn btn--ghost btn--icon btn--small', 'aria-label': 'Dismiss message', text: '×' });
  close.addEventListener('click', () => {
    state.notices.delete(id);
    const row = els['destination-rows'].querySelector(`tr.row[data-id="${CSS.escape(id)}"]`);
    render();
    row?.querySelector('.action-toggle')?.focus();
  });
  box.append(close);
  td.append(box);
  return h('tr', { class: 'notice-row', dataset: { for: id } }, td);
}

function updateNoticeRow(tr, notice) {
  const box = tr.querySelector('.notice');
  box.className = `notice notice--${notice.kind}`;
  box.setAttribute('role', notice.kind === 'error' ? 'alert' : 'status');
  setText(tr.querySelector('.notice__text'), notice.text);
}

function renderUpdated() {
  const el = els.updated;
  if (!state.lastUpdated) {
    setText(el, '');
    return;
  }
  const secs = Math.max(0, Math.round((Date.now() - state.lastUpdated) / 1000));
  const ago = secs < 2 ? 'just now' : `${secs} s ago`;
  const paused = document.hidden ? ' · updates paused while this tab is hidden'
    : state.form || state.deleting || state.confirming ? ' · updates paused while a dialog is open' : '';
  setText(el, `Updated ${ago}${paused}`);
}

function renderTimes() {
  renderUpdated();
  if (state.phase) setText(els['channel-elapsed'], formatElapsed(Date.now() - state.phase.since));
  for (const panel of els['channel-panels'].querySelectorAll('section.channel')) {
    const phase = state.phases.get(panel.dataset.channelId)?.phase;
    if (phase) setText(panel.querySelector('.channel__elapsed'), formatElapsed(Date.now() - phase.since));
  }
  for (const tr of els['destination-rows'].querySelectorAll('tr.row')) {
    const d = state.destinations.find((x) => String(x.destination_id) === tr.dataset.id);
    if (d && d.streaming_status === 'streaming') setText(tr.querySelector('.since'), liveFor(d.streaming_started_at) ?? '');
  }
}

// ---------------------------------------------------------------- banner, toasts

function showBanner(text) {
  setText(els['banner-text'], text);
  els.banner.hidden = false;
}

function hideBanner() {
  els.banner.hidden = true;
}

function toast(text, kind = 'success') {
  // The #toasts container is the aria-live region; no role here to avoid double announcements.
  const el = h('div', { class: `toast toast--${kind}`, text });
  els.toasts.append(el);
  setTimeout(() => el.classList.add('toast--leaving'), 3500);
  setTimeout(() => el.remove(), 4000);
}

// ---------------------------------------------------------------- start / stop

function wantsStreaming(d) {
  return d.desired_state === 'streaming' || ['starting', 'streaming'].includes(d.streaming_status);
}

/**
 * In direct mode, adding or removing an RTMP output means MediaLive must stop, change and start the channel, so every other
 * live destination drops for the stop + start. Returns the warning to confirm, or null when nobody is hurt
 * (HLS rides on MediaPackage and needs no output change; nothing else live means nobody to interrupt).
 */
function interruptionWarning(d, action) {
  // In relay mode the channel keeps its one output to the relay: nobody else is touched.
  const channelId = channelIdOf(d);
  if (isRelay(channelId) || !usesRtmp(d.platform)) return null;
  // Only the destination's own channel restarts; the others of the account are not touched.
  const others = sorted(state.destinations).filter((x) => String(x.destination_id) !== String(d.destination_id)
    && channelIdOf(x) === channelId && x.streaming_status === 'streaming');
  if (others.length === 0) return null;
  const names = nameList(others.map((x) => String(x.name ?? '')));
  const name = String(d.name ?? '');
  return action === 'start'
    ? `${names} will be interrupted for about 2 minutes while the channel restarts to add ${name}. Start anyway?`
    : `${names} will be interrupted for about 2 minutes while the channel restarts without ${name}. Stop anyway?`;
}

function onStartStop(id, button) {
  const d = state.destinations.find((x) => String(x.destination_id) === id);
  if (!d || state.pending.has(id) || state.confirming) return;
  const action = wantsStreaming(d) ? 'stop' : 'start';
  const warning = interruptionWarning(d, action);
  if (warning) openInterrupt(id, action, warning, button);
  else sendStartStop(id, action);
}

function wireInterruptDialog() {
  const dialog = els['interrupt-dialog'];
  for (const btn of dialog.querySelectorAll('[data-close]')) btn.addEventListener('click', () => dialog.close());
  els['interrupt-confirm'].addEventListener('click', () => {
    const c = state.confirming;
    if (!c) return;
    c.confirmed = true;
    dialog.close();
    sendStartStop(c.id, c.action);
  });
  // Escape, Cancel and Confirm all end here; only a confirmation sends anything.
  dialog.addEventListener('close', () => {
    const c = state.confirming;
    state.confirming = null;
    if (c?.returnFocus?.isConnected && !c.returnFocus.disabled) c.returnFocus.focus();
    else if (c) els['destination-rows'].querySelector(`tr.row[data-id="${CSS.escape(c.id)}"] .action-edit`)?.focus();
    if (!c?.confirmed) refresh();
  });
}

function openInterrupt(id, action, text, returnFocus) {
  state.confirming = { id, action, returnFocus, confirmed: false };
  setText(els['interrupt-title'], action === 'start' ? 'Interrupt live destinations to start?' : 'Interrupt live destinations to stop?');
  setText(els['interrupt-text'], text);
  setText(els['interrupt-confirm'], action === 'start' ? 'Start anyway' : 'Stop anyway');
  els['interrupt-confirm'].className = `btn ${action === 'start' ? 'btn--primary' : 'btn--danger'}`;
  els['interrupt-dialog'].showModal();
  els['interrupt-dialog'].querySelector('[data-close]').focus();
  renderUpdated();
}

async function sendStartStop(id, action) {
  if (state.pending.has(id)) return;
  const running = action === 'stop';
  state.pending.add(id);
  state.notices.delete(id);
  render();
  try {
    const res = running ? await api.stopDestination(id) : await api.startDestination(id);
    state.pending.delete(id);
    state.notices.set(id, {
      kind: 'info',
      text: res.message || (running ? 'Stop requested.' : 'Start requested.'),
      at: Date.now(),
    });
    upsertLocal(res.destination);
  } catch (err) {
    state.pending.delete(id);
    state.notices.set(id, { kind: 'error', text: err.message });
    render();
  }
  refresh();
}

// ---------------------------------------------------------------- create / edit form

function fillPresetSelect() {
  const select = els['f-preset'];
  const current = select.value;
  // Without a preset_id the server picks its default preset; offer that only if the list is unavailable.
  select.replaceChildren();
  if (state.presets.length === 0) select.append(h('option', { value: '', text: 'Server default' }));
  for (const p of state.presets) {
    const label = p.is_default ? `${p.name} (default)` : p.name;
    select.append(h('option', { value: p.preset_id, text: String(label ?? p.preset_id) }));
  }
  select.value = current;
  if (select.selectedIndex < 0) select.selectedIndex = 0;
  describePreset();
}

function describePreset() {
  const p = state.presets.find((x) => x.preset_id === els['f-preset'].value);
  const v = p?.video ?? {};
  const bits = [v.resolution, v.framerate && `${v.framerate} fps`, v.bitrate && formatBitrate(v.bitrate)].filter(Boolean);
  const text = p ? [p.description, bits.join(' · ')].filter(Boolean).join(' — ') : '';
  setText(els['f-preset-help'], text);
}

function formatBitrate(b) {
  const n = Number(b);
  if (!Number.isFinite(n)) return String(b);
  return n >= 1_000_000 ? `${(n / 1_000_000).toFixed(1).replace(/\.0$/, '')} Mbps` : n >= 1000 ? `${Math.round(n / 1000)} kbps` : `${n} bps`;
}

function wireForm() {
  const form = els['destination-form'];
  const dialog = els['destination-dialog'];
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    submitForm();
  });
  form.addEventListener('input', (e) => {
    if (!state.form) return;
    state.form.dirty = true;
    const field = e.target.name;
    if (state.form.clientChecked && field) checkField(field);
  });
  els['f-platform'].addEventListener('change', () => {
    const previous = state.form?.platform;
    applyPlatform(els['f-platform'].value, previous);
  });
  els['f-preset'].addEventListener('change', describePreset);
  els['form-reload'].addEventListener('click', reloadFormDestination);
  for (const btn of dialog.querySelectorAll('[data-close]')) btn.addEventListener('click', () => dialog.close());
  // Escape fires "cancel" and the dialog closes itself; "close" covers all paths.
  dialog.addEventListener('close', onFormClosed);
}

function onFormClosed() {
  const returnFocus = state.form?.returnFocus;
  state.form = null;
  els['destination-form'].reset();
  clearErrors();
  if (returnFocus && returnFocus.isConnected) returnFocus.focus();
  else els['add-destination'].focus();
  refresh();
}

async function onEdit(id, button) {
  const d = state.destinations.find((x) => String(x.destination_id) === id);
  if (!d) return;
  openForm('edit', d, button);
  // Open with the freshest copy so version matches what the user sees.
  try {
    const fresh = await api.getDestination(id);
    if (state.form && state.form.id === id && !state.form.dirty && fresh) fillForm(fresh);
  } catch (err) {
    if (state.form && state.form.id === id) showFormError(err);
  }
}

function openForm(mode, d, returnFocus) {
  const dialog = els['destination-dialog'];
  els['destination-form'].reset();
  clearErrors();
  state.form = { mode, id: d ? String(d.destination_id) : null, version: d?.version, original: d, dirty: false, returnFocus, submitting: false, clientChecked: false, platform: null };
  setText(els['dialog-title'], mode === 'edit' ? 'Edit destination' : 'Add destination');
  setText(els['form-submit'], mode === 'edit' ? 'Save changes' : 'Add destination');
  // The server applies an edit of a live destination at once, with a channel restart (say so before Save).
  els['live-edit-note'].hidden = !(d && d.desired_state === 'streaming') || isRelay(channelIdOf(d));
  fillChannelSelect(d);
  if (d) fillForm(d);
  else {
    els['f-name'].value = '';
    els['f-platform'].value = 'youtube';
    els['f-rtmp-url'].value = '';
    els['f-stream-key'].value = '';
    const def = state.presets.find((p) => p.is_default) ?? state.presets[0];
    els['f-preset'].value = def ? def.preset_id : '';
    els['f-enabled'].checked = true;
    applyPlatform('youtube', null);
    describePreset();
  }
  if (!dialog.open) dialog.showModal();
  els['f-name'].focus();
  renderUpdated();
}

function fillForm(d) {
  state.form.original = d;
  state.form.version = d.version;
  state.form.dirty = false;
  els['f-name'].value = d.name ?? '';
  els['f-platform'].value = PLATFORMS.includes(d.platform) ? d.platform : 'custom';
  els['f-rtmp-url'].value = d.platform === 'hls' ? '' : d.rtmp_url ?? '';
  els['f-stream-key'].value = '';
  els['f-backup-url'].value = d.platform === 'hls' ? '' : d.backup_rtmp_url ?? '';
  els['f-backup-key'].value = '';
  els['backup-ingest'].open = Boolean(d.backup_rtmp_url);
  const select = els['f-preset'];
  if (d.preset_id && ![...select.options].some((o) => o.value === d.preset_id)) {
    select.append(h('option', { value: d.preset_id, text: `${d.preset_id} (not listed)` }));
  }
  select.value = d.preset_id ?? '';
  if (select.selectedIndex < 0) select.selectedIndex = 0;
  els['f-enabled'].checked = d.enabled !== false;
  fillChannelSelect(d);
  applyPlatform(els['f-platform'].value, null);
  describePreset();
}

function applyPlatform(platform, previous) {
  const rtmp = usesRtmp(platform);
  for (const el of els['destination-form'].querySelectorAll('[data-rtmp-only]')) {
    el.hidden = !rtmp;
    for (const input of el.querySelectorAll('input')) input.disabled = !rtmp;
  }
  els['hls-note'].hidden = rtmp;

  // Clear a URL that was just the previous platform's default ingest.
  const url = els['f-rtmp-url'];
  if (previous && url.value && url.value === DEFAULT_INGEST_URLS[previous]) url.value = '';
  const def = DEFAULT_INGEST_URLS[platform];
  url.placeholder = def ?? 'rtmp://live.example.com/app';
  url.required = platform === 'custom';
  els['f-rtmp-url-optional'].hidden = platform === 'custom';
  setText(els['f-rtmp-url-help'], def
    ? `Leave empty to use ${def}.`
    : 'Must start with rtmp:// or rtmps://.');

  const f = state.form;
  const hint = f?.mode === 'edit' && f.original?.stream_key_set
    ? `Stream key (leave empty to keep ${f.original.stream_key_hint || 'the current key'})`
    : 'Stream key (optional)';
  setText(els['f-stream-key-label'], hint);
  const backup = BACKUP_INGEST_URLS[platform];
  els['f-backup-url'].placeholder = backup ?? 'rtmp://backup.example.com/app';
  setText(els['f-backup-url-help'], backup ? `${platformLabel(platform)}'s backup server: ${backup}` : 'Empty: no backup ingest.');
  setText(els['f-backup-key-label'], f?.mode === 'edit' && f.original?.backup_stream_key_set
    ? `Backup server key (leave empty to keep ${f.original.backup_stream_key_hint || 'the current key'})`
    : 'Backup server key (optional: the main key is used)');
  if (f) f.platform = platform;
  if (f?.clientChecked) for (const field of ['rtmp_url', 'stream_key', 'backup_rtmp_url']) checkField(field);
}

function readForm() {
  return {
    name: els['f-name'].value,
    platform: els['f-platform'].value,
    rtmp_url: els['f-rtmp-url'].value.trim(),
    stream_key: els['f-stream-key'].value,
    backup_rtmp_url: els['f-backup-url'].value.trim(),
    backup_stream_key: els['f-backup-key'].value,
    preset_id: els['f-preset'].value,
    enabled: els['f-enabled'].checked,
    channel_id: els['f-channel-field'].hidden ? null : els['f-channel'].value || null,
  };
}

function presetIds() {
  return state.presets.map((p) => p.preset_id);
}

function checkField(field) {
  const v = readForm();
  const message = {
    name: () => validateName(v.name),
    platform: () => null,
    rtmp_url: () => validateRtmpUrl(v.rtmp_url, v.platform),
    stream_key: () => validateStreamKey(v.stream_key, v.platform),
    backup_rtmp_url: () => validateBackupRtmpUrl(v.backup_rtmp_url, v.platform),
    backup_stream_key: () => (v.backup_stream_key && !v.backup_rtmp_url
      ? 'A backup stream key goes with a backup ingest URL.' : validateStreamKey(v.backup_stream_key, v.platform)),
    preset_id: () => validatePresetId(v.preset_id, presetIds()),
    enabled: () => null,
  }[field]?.();
  setFieldError(field, message ?? null);
}

function fieldInput(field) {
  return els['destination-form'].querySelector(`[name="${CSS.escape(field)}"]`);
}

function setFieldError(field, message) {
  const wrap = els['destination-form'].querySelector(`.field[data-field="${CSS.escape(field)}"]`);
  if (!wrap) return false;
  const input = fieldInput(field);
  const out = wrap.querySelector('.field__error');
  setText(out, message ?? '');
  wrap.classList.toggle('has-error', Boolean(message));
  if (message) input?.setAttribute('aria-invalid', 'true');
  else input?.removeAttribute('aria-invalid');
  return true;
}

function clearErrors() {
  for (const f of FIELDS) setFieldError(f, null);
  els['form-error'].hidden = true;
  els['form-error'].classList.remove('form-error--info');
  els['form-reload'].hidden = true;
  setText(els['form-error-text'], '');
}

function showFormError(err, { reload = false } = {}) {
  setText(els['form-error-text'], err.message);
  els['form-reload'].hidden = !reload;
  els['form-error'].hidden = false;
}

/** Builds the request body. For edits only changed fields are sent, plus version. */
function buildBody(v) {
  const f = state.form;
  const rtmp = usesRtmp(v.platform);
  const body = { name: v.name.trim(), platform: v.platform };
  if (f.mode === 'create') {
    if (rtmp && v.rtmp_url) body.rtmp_url = v.rtmp_url;
    if (rtmp && v.stream_key) body.stream_key = v.stream_key;
    if (rtmp && v.backup_rtmp_url) body.backup_rtmp_url = v.backup_rtmp_url;
    if (rtmp && v.backup_stream_key) body.backup_stream_key = v.backup_stream_key;
    if (v.preset_id) body.preset_id = v.preset_id;
    body.enabled = v.enabled;
    // Sent only where the backend lists channels: an older one refuses members it does not know.
    if (v.channel_id) body.channel_id = v.channel_id;
    return body;
  }
  const o = f.original ?? {};
  // A different channel moves the destination (the server refuses while it streams, 409, and says why).
  if (v.channel_id && v.channel_id !== channelIdOf(o)) body.channel_id = v.channel_id;
  if (rtmp) {
    const before = o.platform === 'hls' ? '' : o.rtmp_url ?? '';
    // An empty string asks the server for the platform's usual ingest URL (or is rejected for custom).
    if (v.rtmp_url !== before || v.platform !== o.platform) body.rtmp_url = v.rtmp_url;
    if (v.stream_key) body.stream_key = v.stream_key;
    // An empty string removes the backup ingest.
    if (v.backup_rtmp_url !== (o.backup_rtmp_url ?? '')) body.backup_rtmp_url = v.backup_rtmp_url;
    if (v.backup_stream_key) body.backup_stream_key = v.backup_stream_key;
  }
  // An empty preset_id means "the default preset"; leaving it out keeps the current one.
  if ((v.preset_id || '') !== (o.preset_id || '')) body.preset_id = v.preset_id;
  body.enabled = v.enabled;
  body.version = f.version;
  return body;
}

async function submitForm() {
  const f = state.form;
  if (!f || f.submitting) return;
  clearErrors();
  const values = readForm();
  const form = els['destination-form'];
  // data-client-validation="off" on the form (set from devtools or a test) sends the values unchecked,
  // to see the server's own messages; the server is the authority either way.
  if (form.dataset.clientValidation !== 'off') {
    f.clientChecked = true;
    const errors = validateDestination(values, { presetIds: presetIds() });
    const fields = FIELDS.filter((k) => errors[k]);
    if (fields.length) {
      for (const k of fields) setFieldError(k, errors[k]);
      fieldInput(fields[0])?.focus();
      return;
    }
  }

  f.submitting = true;
  els['form-submit'].disabled = true;
  try {
    const res = f.mode === 'create'
      ? await api.createDestination(buildBody(values))
      : await api.updateDestination(f.id, buildBody(values));
    upsertLocal(res.destination);
    const name = res.destination?.name ?? values.name.trim();
    toast(`${res.message || 'Saved'}: ${name}`);
    if (res.destination?.destination_id && state.form) {
      state.form.returnFocus = null;
    }
    const id = res.destination?.destination_id;
    els['destination-dialog'].close();
    if (id) focusRow(String(id));
  } catch (err) {
    handleFormError(err);
  } finally {
    if (state.form === f) f.submitting = false;
    els['form-submit'].disabled = false;
  }
}

function focusRow(id) {
  const tr = els['destination-rows'].querySelector(`tr.row[data-id="${CSS.escape(id)}"]`);
  tr?.querySelector('.action-edit')?.focus();
}

function handleFormError(err) {
  if (!(err instanceof ApiError)) {
    showFormError({ message: 'Something went wrong. Please try again.' });
    console.error(err);
    return;
  }
  if (err.code === 'version_conflict') {
    showFormError({ message: 'Someone else changed this destination; reload it to see their changes, then edit again.' }, { reload: true });
    els['form-reload'].focus();
    return;
  }
  if (err.code === 'not_found' && state.form?.mode === 'edit') {
    showFormError({ message: 'This destination no longer exists. It may have been deleted by someone else.' });
    return;
  }
  const wrap = err.field ? els['destination-form'].querySelector(`.field[data-field="${CSS.escape(err.field)}"]`) : null;
  if (wrap && !wrap.hidden && setFieldError(err.field, err.message)) {
    const input = fieldInput(err.field);
    if (input && !input.disabled) input.focus();
    return;
  }
  showFormError(err);
}

async function reloadFormDestination() {
  const f = state.form;
  if (!f || f.mode !== 'edit') return;
  els['form-reload'].disabled = true;
  try {
    const fresh = await api.getDestination(f.id);
    clearErrors();
    fillForm(fresh);
    upsertLocal(fresh);
    setText(els['form-error-text'], 'Loaded the latest version. Make your changes again and save.');
    els['form-error'].hidden = false;
    els['form-error'].classList.add('form-error--info');
    els['f-name'].focus();
  } catch (err) {
    showFormError(err, { reload: true });
  } finally {
    els['form-reload'].disabled = false;
  }
}

// ---------------------------------------------------------------- delete

function wireDeleteDialog() {
  const dialog = els['delete-dialog'];
  for (const btn of dialog.querySelectorAll('[data-close]')) btn.addEventListener('click', () => dialog.close());
  els['delete-confirm'].addEventListener('click', confirmDelete);
  dialog.addEventListener('close', () => {
    const returnFocus = state.deleting?.returnFocus;
    state.deleting = null;
    if (returnFocus && returnFocus.isConnected) returnFocus.focus();
    else els['add-destination'].focus();
    refresh();
  });
}

function openDelete(id, button) {
  const d = state.destinations.find((x) => String(x.destination_id) === id);
  if (!d) return;
  state.deleting = { id, name: String(d.name ?? ''), returnFocus: button };
  setText(els['delete-name'], String(d.name ?? ''));
  els['delete-error'].hidden = true;
  els['delete-confirm'].disabled = false;
  els['delete-dialog'].showModal();
  renderUpdated();
}

async function confirmDelete() {
  const del = state.deleting;
  if (!del) return;
  els['delete-confirm'].disabled = true;
  try {
    const res = await api.deleteDestination(del.id);
    state.destinations = state.destinations.filter((x) => String(x.destination_id) !== del.id);
    state.notices.delete(del.id);
    del.returnFocus = null;
    els['delete-dialog'].close();
    render();
    toast(`${res.message || 'Destination deleted'}: ${del.name}`);
  } catch (err) {
    const text = err.code === 'destination_streaming'
      ? `${err.message} Stop it first, then delete it.`
      : err.message;
    setText(els['delete-error'], text);
    els['delete-error'].hidden = false;
    els['delete-confirm'].disabled = err.code === 'destination_streaming';
  }
}

init().catch((err) => {
  console.error(err);
  showBanner('The page failed to start. Please reload.');
});
