// Client-side mirror of the server's destination rules. The server is
// authoritative; these checks only save a round trip and explain early.

export const PLATFORMS = ['youtube', 'twitch', 'facebook', 'x', 'linkedin', 'custom', 'hls'];

/** Ingest URLs the server fills in when rtmp_url is omitted. */
export const DEFAULT_INGEST_URLS = Object.freeze({
  youtube: 'rtmp://a.rtmp.youtube.com/live2',
  twitch: 'rtmp://live.twitch.tv/app',
  facebook: 'rtmps://live-api-s.facebook.com:443/rtmp',
  x: 'rtmps://ingest.pscp.tv:443/x',
  linkedin: 'rtmps://livein.linkedin.com:443/live',
});

/** Backup ingest URLs a platform documents, offered for a STANDARD channel's second pipeline. */
export const BACKUP_INGEST_URLS = Object.freeze({
  youtube: 'rtmp://b.rtmp.youtube.com/live2?backup=1',
});

export const LIMITS = Object.freeze({ nameMax: 100, urlMax: 512, keyMin: 4, keyMax: 256 });

// Same set as the server's DestinationRules.CONTROL: C0/C1 controls, line/paragraph separators, bidi overrides and
// isolates, lone surrogates.
// eslint-disable-next-line no-control-regex
const CONTROL_CHARS = /[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]|[\ud800-\udbff](?![\udc00-\udfff])|(?:^|[^\ud800-\udbff])[\udc00-\udfff]/;
const WHITESPACE = /\s/;

export function usesRtmp(platform) {
  return platform !== 'hls';
}

export function validateName(name) {
  const value = (name ?? '').trim();
  if (value.length === 0) return 'Name is required.';
  if (value.length > LIMITS.nameMax) return `Name must be at most ${LIMITS.nameMax} characters.`;
  if (CONTROL_CHARS.test(value)) return 'Name must not contain control characters.';
  return null;
}

export function validatePlatform(platform) {
  return PLATFORMS.includes(platform) ? null : 'Choose a platform.';
}

export function validateRtmpUrl(url, platform) {
  const value = (url ?? '').trim();
  if (!usesRtmp(platform)) return value ? 'HLS destinations don’t take an RTMP URL.' : null;
  if (!value) return platform === 'custom' ? 'RTMP URL is required for a custom destination.' : null;
  if (value.length > LIMITS.urlMax) return `RTMP URL must be at most ${LIMITS.urlMax} characters.`;
  if (WHITESPACE.test(value) || CONTROL_CHARS.test(value)) return 'RTMP URL must not contain spaces or control characters.';
  const match = /^rtmps?:\/\/([^/?#]*)/i.exec(value);
  if (!match) {
    const scheme = /^([a-z][a-z0-9+.-]*):/i.exec(value);
    return `RTMP URL must start with rtmp:// or rtmps://${scheme ? ` (it starts with ${scheme[1]}://)` : ''}.`;
  }
  const authority = match[1];
  if (authority.includes('@')) return 'RTMP URL must not contain a user name or password; put the key in the stream key field.';
  const host = authority.startsWith('[') ? authority.slice(0, authority.indexOf(']') + 1) : authority.split(':')[0];
  if (!host || host === '[]') return 'RTMP URL needs a host name, e.g. rtmp://live.example.com/app.';
  return null;
}

/** The backup ingest URL is optional on every platform; when given it follows the RTMP URL rules. */
export function validateBackupRtmpUrl(url, platform) {
  const value = (url ?? '').trim();
  if (!value) return null;
  if (!usesRtmp(platform)) return 'HLS destinations don’t take a backup RTMP URL.';
  const message = validateRtmpUrl(value, 'custom');
  return message ? message.replace(/^RTMP URL/, 'Backup RTMP URL') : null;
}

export function validateStreamKey(key, platform) {
  const value = key ?? '';
  if (!usesRtmp(platform)) return value ? 'HLS destinations don’t take a stream key.' : null;
  if (!value) return null;
  if (value.length < LIMITS.keyMin || value.length > LIMITS.keyMax) {
    return `Stream key must be ${LIMITS.keyMin} to ${LIMITS.keyMax} characters; copy it again from the platform's stream settings.`;
  }
  if (WHITESPACE.test(value)) return 'Stream key must not contain spaces or line breaks; copy it again without surrounding whitespace.';
  return null;
}

export function validatePresetId(presetId, presetIds) {
  if (!presetId) return null;
  return presetIds.includes(presetId) ? null : 'Choose one of the listed presets.';
}

/**
 * @param {{name, platform, rtmp_url, stream_key, preset_id}} input raw form values
 * @param {{presetIds: string[]}} ctx
 * @returns {Record<string,string>} field name -> message (empty when valid)
 */
export function validateDestination(input, { presetIds = [] } = {}) {
  const errors = {};
  const checks = {
    name: validateName(input.name),
    platform: validatePlatform(input.platform),
    rtmp_url: validateRtmpUrl(input.rtmp_url, input.platform),
    stream_key: validateStreamKey(input.stream_key, input.platform),
    preset_id: validatePresetId(input.preset_id, presetIds),
  };
  for (const [field, message] of Object.entries(checks)) if (message) errors[field] = message;
  return errors;
}
