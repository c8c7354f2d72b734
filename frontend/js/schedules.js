// Schedules: start or stop a destination on a calendar. Self-contained module with its own section, so the
// destinations page (app.js) needs no changes. Server data only ever goes in with textContent.

import { request, loadConfig, ApiError } from './api.js';

const REFRESH_MS = 30000;
const DAYS = [['SUN', 'Sunday'], ['MON', 'Monday'], ['TUE', 'Tuesday'], ['WED', 'Wednesday'], ['THU', 'Thursday'], ['FRI', 'Friday'], ['SAT', 'Saturday']];
const enc = encodeURIComponent;
const $ = (id) => document.getElementById(id);

function h(tag, props = {}, ...children) {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(props)) {
    if (v === null || v === undefined || v === false) continue;
    if (k === 'class') el.className = v;
    else if (k === 'text') el.textContent = v;
    else if (k.startsWith('on')) el.addEventListener(k.slice(2), v);
    else el.setAttribute(k, v === true ? '' : String(v));
  }
  for (const c of children.flat()) {
    if (c === null || c === undefined || c === false) continue;
    el.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
  return el;
}

/** The AWS expression for what the form says, or throws {field, message}. */
export function expressionFrom(kind, v) {
  switch (kind) {
    case 'once': {
      if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2})?$/.test(v.when || '')) throw { field: 'expression', message: 'Pick a date and time.' };
      return `at(${v.when.length === 16 ? v.when + ':00' : v.when})`;
    }
    case 'weekly': {
      const m = /^(\d{2}):(\d{2})$/.exec(v.time || '');
      if (!m) throw { field: 'expression', message: 'Pick a time.' };
      return `cron(${Number(m[2])} ${Number(m[1])} ? * ${v.day} *)`;
    }
    case 'every': {
      const n = Number(v.count);
      if (!Number.isInteger(n) || n < 1) throw { field: 'expression', message: 'Enter a whole number, at least 1.' };
      return `rate(${n} ${n === 1 ? v.unit : v.unit + 's'})`;
    }
    default:
      if (!(v.custom || '').trim()) throw { field: 'expression', message: 'Enter an expression like cron(55 18 ? * SUN *).' };
      return v.custom.trim();
  }
}

/** "every Sunday at 18:55" for the cron the weekly form makes; the raw expression otherwise. */
export function describe(expression) {
  const weekly = /^cron\((\d{1,2}) (\d{1,2}) \? \* ([A-Z]{3}) \*\)$/.exec(expression);
  if (weekly) {
    const day = DAYS.find(([id]) => id === weekly[3]);
    if (day) return `every ${day[1]} at ${weekly[2].padStart(2, '0')}:${weekly[1].padStart(2, '0')}`;
  }
  const at = /^at\((\d{4}-\d{2}-\d{2})T(\d{2}:\d{2}):\d{2}\)$/.exec(expression);
  if (at) return `once on ${at[1]} at ${at[2]}`;
  const rate = /^rate\((\d+) (\w+)\)$/.exec(expression);
  if (rate) return `every ${rate[1] === '1' ? '' : rate[1] + ' '}${rate[2].replace(/s$/, '')}${rate[1] === '1' ? '' : 's'}`;
  return expression;
}

const state = { destinations: [], schedules: [], busy: false };

async function load() {
  const [d, s] = await Promise.all([
    request('GET', '/api/destinations'),
    request('GET', '/api/schedules'),
  ]);
  state.destinations = d.destinations ?? [];
  state.schedules = s.schedules ?? [];
}

function render() {
  const select = $('sch-destination');
  const chosen = select.value;
  select.replaceChildren(...state.destinations.map((d) => h('option', { value: d.destination_id, text: d.name })));
  if (chosen && state.destinations.some((d) => d.destination_id === chosen)) select.value = chosen;

  const list = $('schedule-list');
  const groups = state.destinations
    .map((d) => ({ d, items: state.schedules.filter((s) => s.destination_id === d.destination_id) }))
    .filter((g) => g.items.length > 0);
  const orphans = state.schedules.filter((s) => !state.destinations.some((d) => d.destination_id === s.destination_id));
  if (orphans.length) groups.push({ d: { name: 'Deleted destinations' }, items: orphans });
  $('schedule-empty').hidden = groups.length > 0;
  list.replaceChildren(...groups.map(({ d, items }) => h('li', { class: 'sched-group' },
    h('h3', { class: 'sched-group__name', text: d.name }),
    h('ul', { class: 'sched-items' }, items.map((s) => h('li', { class: 'sched-item' },
      h('span', { class: `pill sched-item__action`, text: s.action === 'start' ? 'Start' : 'Stop' }),
      h('span', { class: 'sched-item__when', text: `${describe(s.expression)} (${s.time_zone})` }),
      s.next_run ? h('span', { class: 'muted sched-item__next', text: `next: ${new Date(s.next_run).toLocaleString()}` }) : null,
      h('button', {
        type: 'button', class: 'btn btn--small', 'aria-label': `Remove schedule: ${s.action} ${d.name} ${describe(s.expression)}`,
        onclick: () => remove(s.name), text: 'Remove',
      }),
    ))),
  )));
}

function showError(field, message) {
  for (const f of ['destination_id', 'action', 'expression', 'time_zone']) {
    const el = $(`sch-${f}-error`);
    if (el) el.textContent = f === field ? message : '';
  }
  $('sch-error').hidden = !!field || !message;
  $('sch-error').textContent = field ? '' : message || '';
}

function switchKind() {
  const kind = $('sch-kind').value;
  for (const el of document.querySelectorAll('[data-sch-kind]')) el.hidden = el.dataset.schKind !== kind;
}

async function submit(e) {
  e.preventDefault();
  if (state.busy) return;
  let expression;
  try {
    expression = expressionFrom($('sch-kind').value, {
      when: $('sch-when').value, day: $('sch-day').value, time: $('sch-time').value,
      count: $('sch-count').value, unit: $('sch-unit').value, custom: $('sch-custom').value,
    });
  } catch (err) {
    showError(err.field, err.message);
    return;
  }
  state.busy = true;
  $('sch-submit').disabled = true;
  try {
    await request('POST', '/api/schedules', {
      destination_id: $('sch-destination').value, action: $('sch-action').value, expression, time_zone: $('sch-zone').value.trim(),
    });
    showError(null, '');
    $('sch-status').textContent = 'Schedule added.';
    await refresh();
  } catch (err) {
    showError(err instanceof ApiError ? err.field : null, err.message);
  } finally {
    state.busy = false;
    $('sch-submit').disabled = false;
  }
}

async function remove(name) {
  try {
    await request('DELETE', `/api/schedules/${enc(name)}`);
    $('sch-status').textContent = 'Schedule removed.';
  } catch (err) {
    showError(null, err.message);
  }
  await refresh();
}

async function refresh() {
  try {
    await load();
    render();
  } catch (err) {
    showError(null, `Couldn’t load schedules: ${err.message}`);
  }
}

async function init() {
  if (!$('schedules')) return;
  await loadConfig();
  $('sch-day').replaceChildren(...DAYS.map(([id, label]) => h('option', { value: id, text: label })));
  $('sch-zone').value = Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
  $('sch-kind').addEventListener('change', switchKind);
  $('schedule-form').addEventListener('submit', submit);
  switchKind();
  await refresh();
  setInterval(() => { if (!document.hidden) refresh(); }, REFRESH_MS);
}

if (typeof document !== 'undefined') {
  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', init);
  else init();
}
