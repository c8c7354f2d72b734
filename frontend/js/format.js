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
