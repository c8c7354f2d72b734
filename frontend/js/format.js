// Pure display helpers. They return strings; callers put them in the DOM with textContent.

export const PLATFORM_LABELS = Object.freeze({
  youtube: 'YouTube',
  twitch: 'Twitch',
  facebook: 'Facebook',
  x: 'X',
  linkedin: 'LinkedIn',
  custom: 'Custom RTMP',
  hls: 'HLS',
});

export const STATUS_LABELS = Object.freeze({
  ready: 'Ready',
  starting: 'Starting…',
  streaming: 'Live',
  stopping: 'Stopping…',
  error: 'Error',
});

export const HEALTH_LABELS = Object.freeze({ ok: 'Healthy', degraded: 'Degraded', failing: 'Failing' });

export function platformLabel(platform) {
  return PLATFORM_LABELS[platform] ?? String(platform ?? 'Unknown');
}

export function statusLabel(status) {
  return STATUS_LABELS[status] ?? (status ? String(status) : 'Unknown');
}

/** A known status name usable in a CSS class, else "unknown". */
export function statusKey(status) {
  return Object.hasOwn(STATUS_LABELS, status) ? status : 'unknown';
}

export function healthLabel(health) {
  return health ? HEALTH_LABELS[health] ?? String(health) : '—';
}

export function healthKey(health) {
  return Object.hasOwn(HEALTH_LABELS, health) ? health : 'none';
}

export function keyHint(d) {
  if (d.platform === 'hls') return '—';
  if (d.stream_key_hint) return d.stream_key_hint;
  return d.stream_key_set ? 'Set' : 'Not set';
}

export function urlText(d) {
  if (d.platform === 'hls') return 'Packaged by MediaPackage';
  return d.rtmp_url || '—';
}

function parseTime(value) {
  if (value === null || value === undefined || value === '') return null;
  const t = typeof value === 'number' ? (value < 1e12 ? value * 1000 : value) : Date.parse(value);
  return Number.isFinite(t) ? t : null;
}

/** "12 s", "4 min", "2 h 5 min" */
export function formatDuration(ms) {
  const s = Math.max(0, Math.floor(ms / 1000));
  if (s < 60) return `${s} s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m} min`;
  const h = Math.floor(m / 60);
  return m % 60 ? `${h} h ${m % 60} min` : `${h} h`;
}

export function liveFor(startedAt, now = Date.now()) {
  const t = parseTime(startedAt);
  return t === null ? null : `for ${formatDuration(now - t)}`;
}

export function formatTime(value) {
  const t = parseTime(value);
  return t === null ? '' : new Date(t).toLocaleString();
}

export function plural(n, one, many = `${one}s`) {
  return `${n} ${n === 1 ? one : many}`;
}

/**
 * Summary line from the destination list and (optionally) /api/streaming/status,
 * whose "destinations" rows carry each destination's streaming_status.
 */
export function summaryText(destinations, streaming) {
  const rows = Array.isArray(streaming?.destinations) && streaming.destinations.every((r) => r && typeof r === 'object')
    ? streaming.destinations
    : destinations;
  const live = rows.filter((d) => d.streaming_status === 'streaming').length;
  const busy = rows.filter((d) => d.streaming_status === 'starting' || d.streaming_status === 'stopping').length;
  const failed = rows.filter((d) => d.streaming_status === 'error').length;
  const parts = [live > 0 ? `Live on ${plural(live, 'destination')}` : 'Not live'];
  if (busy > 0) parts.push(`${busy} changing`);
  if (failed > 0) parts.push(`${failed} with errors`);
  parts.push(`${plural(destinations.length, 'destination')} configured`);
  return { text: parts.join(' · '), live: live > 0 };
}

// ---------------------------------------------------------------- the MediaLive channel

/** Badge colour for a MediaLive channel state (reuses the destination badge classes). */
export function channelStateKey(state) {
  switch (state) {
    case 'RUNNING': return 'streaming';
    case 'IDLE': return 'ready';
    case 'STARTING': case 'STOPPING': case 'UPDATING': case 'CREATING': case 'RECOVERING': case 'DELETING': return 'starting';
    case 'CREATE_FAILED': case 'UPDATE_FAILED': case 'DELETED': return 'error';
    default: return 'unknown';
  }
}

/** "0:34", "12:05", "1:02:03" */
export function formatElapsed(ms) {
  const s = Math.max(0, Math.floor(ms / 1000));
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const ss = String(s % 60).padStart(2, '0');
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${ss}` : `${m}:${ss}`;
}

/** The channel state each acting step then waits on, and the state it settles in. */
const ACTION_WAITS = Object.freeze({
  'stop-for-update': ['STOPPING', 'IDLE'],
  stop: ['STOPPING', 'IDLE'],
  apply: ['UPDATING', 'IDLE'],
  start: ['STARTING', 'RUNNING'],
});

const WAIT_WORDS = Object.freeze({
  STARTING: 'Starting channel',
  STOPPING: 'Stopping channel',
  UPDATING: 'Updating outputs',
  RECOVERING: 'Channel is recovering',
  CREATING: 'Channel is being created',
});

export function isActionStep(step) {
  return Object.hasOwn(ACTION_WAITS, step);
}

/**
 * The reconcile step in words. A "wait" step continues the last action seen in the same run when the channel
 * is in the state that action waits on (so "Stopping channel to change outputs (YouTube)" stays on screen
 * while MediaLive stops), else it is named after the channel's state.
 *
 * @param channel the /api/channel "channel" object
 * @param lastAction {step, detail} of the last acting step seen in this run, or null
 */
export function stepText(channel, lastAction = null) {
  const step = channel?.step;
  const detail = typeof channel?.step_detail === 'string' ? channel.step_detail.trim() : '';
  switch (step) {
    case 'locked': return 'Getting ready to change the channel';
    case 'wait': {
      const waits = lastAction ? ACTION_WAITS[lastAction.step] : null;
      if (waits && waits.includes(channel.state)) return actionText(lastAction.step, lastAction.detail);
      return WAIT_WORDS[channel.state] ?? 'Waiting for the channel';
    }
    case 'stop-for-update': case 'apply': case 'start': case 'stop': return actionText(step, detail);
    case 'done': return channel.reconcile_in_flight ? 'Finishing up' : detail || 'Done';
    case 'replan': return 'Checking for newer changes';
    case 'failed': return channel.reconcile_in_flight ? 'A step failed; restoring the other destinations' : 'The last change failed';
    default: return detail || (step ? String(step) : 'Working');
  }
}

function actionText(step, detail) {
  if (step === 'start') return 'Starting channel';
  if (step === 'stop') return 'Stopping channel';
  if (detail) return detail;
  return step === 'apply' ? 'Updating outputs' : 'Stopping channel to change outputs';
}

/** The line shown when nothing is in flight. */
export function restingText(channel) {
  const state = channel?.state;
  const n = Number(channel?.rtmp_outputs);
  const outputs = Number.isFinite(n) && n > 0 ? ` — ${plural(n, 'RTMP output')}` : '';
  switch (state) {
    case 'IDLE': return 'Channel idle — not billing';
    case 'RUNNING': return `Channel running${outputs}`;
    case 'STARTING': return 'Channel starting';
    case 'STOPPING': return 'Channel stopping';
    case 'UPDATING': return 'Channel updating its outputs';
    case 'RECOVERING': return 'Channel recovering';
    case 'DELETED': case 'DELETING': return 'Channel deleted — Lunora cannot stream until it is replaced';
    case 'CREATE_FAILED': case 'UPDATE_FAILED': return `Channel is ${state} — check it in the MediaLive console`;
    default: return state ? `Channel ${String(state)}` : 'Channel state unknown';
  }
}

/** "YouTube", "YouTube and Twitch", "A, B and C", "A, B, C and 2 others" — plain text. */
export function nameList(names) {
  const list = names.map((n) => String(n));
  if (list.length > 4) return `${list.slice(0, 3).join(', ')} and ${list.length - 3} others`;
  if (list.length <= 1) return list.join('');
  return `${list.slice(0, -1).join(', ')} and ${list[list.length - 1]}`;
}

// ---------------------------------------------------------------- delivery (architecture §8)

export const DELIVERY_TEXTS = Object.freeze({
  direct: 'Direct: each destination is a MediaLive output; adding one to a live channel restarts it',
  relay: 'Relay: destinations start and stop without touching the channel',
});

/** The channel panel's line for a delivery mode. */
export function deliveryModeText(mode) {
  return DELIVERY_TEXTS[mode] ?? (mode ? `Delivery: ${String(mode)}` : 'Delivery mode unknown');
}

/** "4.5 Mbps", "800 kbps"; null when unknown. */
export function formatKbps(kbps) {
  const n = Number(kbps);
  if (kbps === null || kbps === undefined || !Number.isFinite(n) || n < 0) return null;
  return n >= 1000 ? `${(n / 1000).toFixed(1).replace(/\.0$/, '')} Mbps` : `${Math.round(n)} kbps`;
}

function clockTime(value) {
  const t = parseTime(value);
  return t === null ? null : new Date(t).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' });
}

/**
 * The relay's last report on a destination's push in words ("Relay: live since 18:02 · 4.5 Mbps"), or null when
 * there is none worth showing. The relay's errors are fixed producer-readable reasons, never a key.
 */
export function deliveryText(delivery) {
  if (!delivery || typeof delivery !== 'object') return null;
  const error = typeof delivery.error === 'string' && delivery.error.trim() ? delivery.error.trim() : null;
  switch (delivery.state) {
    case 'connecting': return { kind: 'step', text: 'Relay: connecting…' };
    case 'live': {
      const since = clockTime(delivery.live_since);
      const rate = formatKbps(delivery.bitrate_kbps);
      return { kind: 'live', text: ['Relay: live', since && `since ${since}`].filter(Boolean).join(' ') + (rate ? ` · ${rate}` : '') };
    }
    case 'failing': return { kind: 'error', text: error ? `Relay: failing — ${error}` : 'Relay: failing' };
    // A quiet stop is the normal rest state; only a stop with a reason is news.
    case 'stopped': return error ? { kind: 'warn', text: `Relay: stopped — ${error}` } : null;
    default: return null;
  }
}

// ---------------------------------------------------------------- every channel of the account (issue 18)

/** "SRT studio", falling back to the MediaLive name and then the id. */
export function channelName(channel) {
  for (const v of [channel?.display_name, channel?.name, channel?.channel_id]) {
    if (typeof v === 'string' && v.trim()) return v.trim();
    if (typeof v === 'number') return String(v);
  }
  return 'Unnamed channel';
}

const INPUT_TYPES = Object.freeze({
  RTMP_PUSH: 'RTMP push',
  RTMP_PULL: 'RTMP pull',
  SRT_CALLER: 'SRT caller',
  SRT_LISTENER: 'SRT listener',
  RTP_PUSH: 'RTP push',
  URL_PULL: 'URL pull',
  UDP_PUSH: 'UDP push',
  MP4_FILE: 'MP4 file',
  MEDIACONNECT: 'MediaConnect',
  INPUT_DEVICE: 'Input device',
  TS_FILE: 'TS file',
});

/** The input type in words ("SRT caller"); MediaLive's name for one this page does not know. */
export function inputTypeLabel(type) {
  return typeof type === 'string' && type ? INPUT_TYPES[type] ?? type : 'Unknown input';
}

/**
 * What the producer does with the input's endpoints: the encoder pushes to an RTMP_PUSH input's urls; MediaLive, as
 * the SRT caller, pulls from the encoder's listener (MediaLive user guide, "SRT caller inputs").
 */
export function inputEndpointsIntro(type) {
  switch (type) {
    case 'RTMP_PUSH': case 'RTP_PUSH': case 'UDP_PUSH': return 'The encoder pushes to';
    case 'SRT_CALLER': return 'MediaLive pulls SRT from your encoder at';
    case 'SRT_LISTENER': return 'Your encoder calls MediaLive at';
    case 'RTMP_PULL': case 'URL_PULL': return 'MediaLive pulls from';
    default: return 'Input';
  }
}

/** The input's endpoints as strings, whatever the shape; never throws. */
export function inputEndpoints(channel) {
  const list = channel?.input?.endpoints;
  return Array.isArray(list) ? list.filter((e) => typeof e === 'string' && e.trim()).map((e) => e.trim()) : [];
}

/** "$0.17", "$12.40" (an hourly rate keeps its third decimal: "$0.996"); null when unknown. */
export function formatUsd(value, { rate = false } = {}) {
  const n = Number(value);
  if (value === null || value === undefined || value === '' || !Number.isFinite(n) || n < 0) return null;
  return `$${rate ? n.toFixed(3).replace(/0$/, '') : n.toFixed(2)}`;
}

/** "Running since 20:01 · $0.17 so far at $1.00/h", or the rate while idle; '' when the server says nothing. */
export function costText(channel, now = Date.now()) {
  const rate = formatUsd(channel?.hourly_rate_usd, { rate: true });
  const rateText = rate ? `${rate}/h` : null;
  const since = parseTime(channel?.running_since);
  if (since !== null) {
    const spent = formatUsd(channel?.running_cost_usd);
    // A server clock ahead of ours (local mode's --time-scale) would say "0 s": then only the time.
    const parts = [`Running since ${clockTime(channel.running_since)}${now >= since ? ` (${formatDuration(now - since)})` : ''}`];
    if (spent) parts.push(rateText ? `${spent} so far at ${rateText}` : `${spent} so far`);
    else if (rateText) parts.push(rateText);
    return parts.join(' · ');
  }
  if (channel?.state === 'IDLE') return rateText ? `Not billing · ${rateText} while it runs` : 'Not billing';
  return rateText ? `Billed at ${rateText} while it runs` : '';
}

export const NO_SIGNAL = 'No signal from the encoder';

/**
 * The encoder's signal: {kind: 'lost'|'ok'|'none', text}. "No signal" always says so in those words first, then the
 * server's reason (which usually starts with them already).
 */
export function signalText(channel) {
  const signal = channel?.signal;
  if (!signal || typeof signal !== 'object') return { kind: 'none', text: '' };
  const message = typeof signal.message === 'string' ? signal.message.trim() : '';
  if (signal.state === 'no_signal') {
    if (message.toLowerCase().startsWith(NO_SIGNAL.toLowerCase())) return { kind: 'lost', text: message };
    const since = clockTime(signal.since);
    return { kind: 'lost', text: message ? `${NO_SIGNAL}: ${message}` : since ? `${NO_SIGNAL} since ${since}` : NO_SIGNAL };
  }
  if (signal.state === 'ok' && channel.state === 'RUNNING') return { kind: 'ok', text: 'Receiving the encoder’s signal' };
  return { kind: 'none', text: '' };
}
