// Usage and cost: channel running hours per day as a plain SVG bar chart, with per-destination and per-month
// totals and the estimated cost. Self-contained: its own section, no changes to app.js.

import { request, loadConfig } from './api.js';

const SVG = 'http://www.w3.org/2000/svg';
const $ = (id) => document.getElementById(id);

function svg(tag, attrs = {}, text) {
  const el = document.createElementNS(SVG, tag);
  for (const [k, v] of Object.entries(attrs)) el.setAttribute(k, String(v));
  if (text !== undefined) el.textContent = text;
  return el;
}

function cell(tag, text, cls) {
  const el = document.createElement(tag);
  el.textContent = text;
  if (cls) el.className = cls;
  return el;
}

export const hours = (h) => (h < 10 ? h.toFixed(2) : h.toFixed(1));
export const dollars = (d) => `$${d.toFixed(2)}`;
/** Hourly rates keep a third decimal: $0.996/h is not $1.00/h. */
export const rate = (d) => `$${Math.abs(d * 100 - Math.round(d * 100)) < 1e-9 ? d.toFixed(2) : d.toFixed(3)}`;

/** The bar chart of channel hours per day; streaming hours of all destinations drawn inside each bar. */
export function chart(days) {
  const width = 720;
  const height = 200;
  const pad = { top: 16, right: 8, bottom: 28, left: 40 };
  const max = Math.max(1, ...days.map((d) => d.channel_hours));
  const innerW = width - pad.left - pad.right;
  const innerH = height - pad.top - pad.bottom;
  const step = innerW / Math.max(1, days.length);
  const barW = Math.max(2, step * 0.7);
  const root = svg('svg', { viewBox: `0 0 ${width} ${height}`, class: 'usage-chart__svg', role: 'img',
    'aria-label': `Channel running hours per day, from ${days[0]?.period ?? ''} to ${days.at(-1)?.period ?? ''}` });
  for (const frac of [0, 0.5, 1]) {
    const y = pad.top + innerH * (1 - frac);
    root.append(svg('line', { x1: pad.left, x2: width - pad.right, y1: y, y2: y, class: 'usage-chart__grid' }));
    root.append(svg('text', { x: pad.left - 6, y: y + 4, 'text-anchor': 'end', class: 'usage-chart__label' }, `${hours(max * frac)} h`));
  }
  days.forEach((d, i) => {
    const x = pad.left + i * step + (step - barW) / 2;
    const h = innerH * (d.channel_hours / max);
    const g = svg('g');
    g.append(svg('title', {}, `${d.period}: channel ${hours(d.channel_hours)} h, about ${dollars(d.estimated_cost_usd)}`));
    g.append(svg('rect', { x, y: pad.top + innerH - h, width: barW, height: Math.max(0, h), rx: 2, class: 'usage-chart__bar' }));
    root.append(g);
    const every = Math.ceil(days.length / 8);
    if (i % every === 0 || i === days.length - 1) {
      root.append(svg('text', { x: x + barW / 2, y: height - 8, 'text-anchor': 'middle', class: 'usage-chart__label' }, d.period.slice(5)));
    }
  });
  return root;
}

function render(u) {
  const t = u.totals;
  $('usage-summary').textContent = `The channel ran ${hours(t.channel_hours)} h from ${u.from} to ${u.to} (UTC): about ${dollars(t.estimated_cost_usd)} at ${rate(u.hourly_rate_usd)}/h.`;
  $('usage-source').textContent = `Rate: ${u.rate_source}`;
  $('usage-chart').replaceChildren(chart(u.days));
  $('usage-destinations').replaceChildren(...(u.destinations.length
    ? u.destinations.map((d) => {
      const tr = document.createElement('tr');
      tr.append(cell('th', d.name ?? `${d.destination_id} (deleted)`), cell('td', `${hours(d.streaming_hours)} h`, 'num'));
      tr.firstChild.scope = 'row';
      return tr;
    })
    : [(() => { const tr = document.createElement('tr'); const td = cell('td', 'Nothing streamed in this period.', 'muted'); td.colSpan = 2; tr.append(td); return tr; })()]));
  $('usage-months').replaceChildren(...u.months.map((m) => {
    const tr = document.createElement('tr');
    tr.append(cell('th', m.period), cell('td', `${hours(m.channel_hours)} h`, 'num'), cell('td', dollars(m.estimated_cost_usd), 'num'));
    tr.firstChild.scope = 'row';
    return tr;
  }));
}

async function show(e) {
  e?.preventDefault();
  $('usage-error').hidden = true;
  const q = new URLSearchParams();
  if ($('usage-from').value) q.set('from', $('usage-from').value);
  if ($('usage-to').value) q.set('to', $('usage-to').value);
  try {
    const data = await request('GET', `/api/usage?${q}`);
    render(data.usage);
  } catch (err) {
    $('usage-error').textContent = err.message;
    $('usage-error').hidden = false;
  }
}

async function init() {
  if (!$('usage')) return;
  await loadConfig();
  const today = new Date().toISOString().slice(0, 10);
  $('usage-to').value = today;
  $('usage-from').value = `${today.slice(0, 8)}01`;
  $('usage-form').addEventListener('submit', show);
  await show();
}

if (typeof document !== 'undefined') {
  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', init);
  else init();
}
