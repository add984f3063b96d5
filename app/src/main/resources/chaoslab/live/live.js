// The live page: calls only the REST API of the server it came from (docs/live-page.md).
'use strict';

const $ = (id) => document.getElementById(id);
const TOKEN_KEY = 'chaoslab-token';
let stream = null;
let history = [];
let current = null;

function fmt(v, digits) {
  return v === null || v === undefined || Number.isNaN(v) ? '–' : Number(v).toFixed(digits);
}

function seconds(ms) {
  return ms === null || ms === undefined ? '–' : (ms / 1000).toFixed(0) + ' s';
}

function sum(obj) {
  return Object.values(obj || {}).reduce((a, b) => a + b, 0);
}

function headers(json) {
  const h = json ? {'Content-Type': 'application/json'} : {};
  const token = $('token').value.trim();
  if (token) {
    h.Authorization = 'Bearer ' + token;
  }
  return h;
}

/** Calls the API; resolves to {ok, status, body} with the JSON body (or the error body) of the answer. */
async function call(method, path, body) {
  const response = await fetch(path, {method, headers: headers(body !== undefined),
    body: body === undefined ? undefined : JSON.stringify(body)});
  let json = null;
  try {
    json = await response.json();
  } catch (e) {
    json = {error: 'unreadable', message: 'The server answered ' + response.status + ' without a JSON body.'};
  }
  return {ok: response.ok, status: response.status, body: json};
}

function errorText(answer) {
  return answer.status + ' ' + (answer.body.error || '') + ': ' + (answer.body.message || '');
}

function cell(row, text, cls) {
  const td = document.createElement('td');
  td.textContent = text;
  if (cls) {
    td.className = cls;
  }
  row.appendChild(td);
  return td;
}

function fillTable(id, rows, render) {
  const body = $(id).querySelector('tbody');
  body.replaceChildren();
  rows.forEach((r) => {
    const tr = document.createElement('tr');
    render(tr, r);
    body.appendChild(tr);
  });
}

// ---- the run list and the start form ------------------------------------------------------------------

async function loadRuns() {
  const answer = await call('GET', '/runs');
  if (!answer.ok) {
    return;
  }
  fillTable('runs', answer.body.runs, (tr, r) => {
    const td = document.createElement('td');
    const a = document.createElement('a');
    a.href = r.live ? '#run=' + encodeURIComponent(r.runId) : '/runs/' + encodeURIComponent(r.runId) + '/report.html';
    a.textContent = r.runId;
    td.appendChild(a);
    tr.appendChild(td);
    cell(tr, r.scenario);
    cell(tr, r.state);
    cell(tr, r.startedAt ? new Date(r.startedAt).toLocaleString() : '–');
    if (r.live) {
      cell(tr, r.phase || 'running');
    } else {
      const ok = r.thresholdsPassed !== false && r.expectationsPassed !== false;
      cell(tr, ok ? 'pass' : 'fail', ok ? 'pass' : 'fail');
    }
  });
}

async function loadScenarios() {
  const file = $('file').value.trim();
  const list = $('scenario-names');
  list.replaceChildren();
  if (!file) {
    return;
  }
  const answer = await call('GET', '/scenarios?file=' + encodeURIComponent(file));
  if (answer.ok) {
    answer.body.scenarios.forEach((s) => {
      const option = document.createElement('option');
      option.value = s.name;
      option.textContent = s.description || s.name;
      list.appendChild(option);
    });
  }
}

function clearProblems() {
  document.querySelectorAll('.problems').forEach((ul) => ul.replaceChildren());
  document.querySelectorAll('[aria-invalid]').forEach((el) => el.removeAttribute('aria-invalid'));
  $('start-message').textContent = '';
}

/** Shows each problem next to the field it is about: target overrides, the multiplier, else the file. */
function showProblems(problems) {
  problems.forEach((p) => {
    const field = p.field || '';
    let id = 'file';
    if (field.startsWith('targets') && !p.line) {
      id = 'targets';
    } else if (field === 'rateMultiplier') {
      id = 'multiplier';
    } else if (field === 'scenario') {
      id = 'scenario';
    }
    const li = document.createElement('li');
    li.textContent = (p.file ? p.file + ':' + p.line + ':' + p.column + ': ' : '') + (field ? field + ': ' : '')
      + p.message;
    $(id + '-problems').appendChild(li);
    $(id).setAttribute('aria-invalid', 'true');
  });
}

function parseTargets(text) {
  const targets = {};
  text.split('\n').map((l) => l.trim()).filter((l) => l).forEach((line) => {
    const eq = line.indexOf('=');
    targets[eq < 0 ? line : line.slice(0, eq).trim()] = eq < 0 ? '' : line.slice(eq + 1).trim();
  });
  return targets;
}

async function start(event) {
  event.preventDefault();
  clearProblems();
  const body = {scenario: $('scenario').value.trim(), file: $('file').value.trim()};
  const targets = parseTargets($('targets').value);
  if (Object.keys(targets).length) {
    body.targets = targets;
  }
  const multiplier = $('multiplier').value.trim();
  if (multiplier !== '' && Number(multiplier) !== 1) {
    body.rateMultiplier = Number(multiplier);
  }
  const answer = await call('POST', '/runs', body);
  if (!answer.ok) {
    $('start-message').textContent = errorText(answer);
    showProblems(answer.body.problems || []);
    return;
  }
  location.hash = 'run=' + encodeURIComponent(answer.body.runId);
}

// ---- one run: the stream, the figures, the charts -----------------------------------------------------

function watch(id) {
  if (stream) {
    stream.close();
  }
  history = [];
  current = id;
  $('run').hidden = false;
  $('report').hidden = true;
  $('run-message').textContent = '';
  $('run-title').textContent = 'Run ' + id;
  stream = new EventSource('/runs/' + encodeURIComponent(id) + '/events');
  stream.addEventListener('status', (e) => show(JSON.parse(e.data)));
  stream.addEventListener('end', () => {
    stream.close();
    stream = null;
    $('report-link').href = '/runs/' + encodeURIComponent(id) + '/report.html';
    $('report').hidden = false;
    loadRuns();
  });
  stream.onerror = () => {
    if (stream && stream.readyState === EventSource.CLOSED) {
      $('run-message').textContent = 'The event stream closed; reload to watch again.';
    }
  };
}

function show(s) {
  $('run-scenario').textContent = s.scenario.name + (s.scenario.description ? ' — ' + s.scenario.description : '');
  $('state').textContent = s.state;
  $('phase').textContent = s.phase || '–';
  $('elapsed').textContent = seconds(s.elapsedMs) + ' of ' + seconds(s.durationMs);
  $('scheduled').textContent = fmt(s.rate.scheduled, 1) + '/s';
  $('achieved').textContent = fmt(s.rate.achieved, 1) + '/s';
  $('dial').textContent = s.rate.absolute ? fmt(s.rate.absolute, 1) + '/s' : '×' + fmt(s.rate.multiplier, 2);
  $('inflight').textContent = s.inFlight;
  $('dropped').textContent = s.totals.dropped;
  const recent = s.recent || {};
  $('p99c').textContent = fmt(recent.corrected && recent.corrected.p99, 1) + ' ms';
  $('p99s').textContent = fmt(recent.service && recent.service.p99, 1) + ' ms';
  const errors = sum(recent.errors);
  const classes = Object.entries(recent.errors || {}).filter(([, v]) => v > 0).map(([k, v]) => k + ' ' + v);
  $('errors').textContent = errors + (classes.length ? ' (' + classes.join(', ') + ')' : '');
  if (s.state === 'running' && s.elapsedMs !== undefined) {
    history.push({t: s.elapsedMs, scheduled: s.rate.scheduled, achieved: s.rate.achieved,
      p99c: recent.corrected ? recent.corrected.p99 : null, p99s: recent.service ? recent.service.p99 : null,
      errors, dropped: recent.dropped || 0});
    if (history.length > 3600) {
      history.shift();
    }
  }
  const expectations = s.expectationProgress || [];
  $('expectations-part').hidden = expectations.length === 0;
  fillTable('expectations', expectations, (tr, p) => {
    tr.dataset.state = p.state;
    if (p.timeToFireMs !== null && p.timeToFireMs !== undefined) {
      tr.dataset.timeToFire = p.timeToFireMs;
    }
    const labels = Object.entries(p.labels || {}).map(([k, v]) => k + '=' + v).join(', ');
    cell(tr, p.index);
    cell(tr, p.alert + (labels ? ' {' + labels + '}' : ''));
    cell(tr, p.kind + ' ' + p.reference + (p.withinMs === null || p.withinMs === undefined ? ''
      : ' within ' + seconds(p.withinMs)));
    cell(tr, STATE_TEXT[p.state] || p.state, stateClass(p));
    cell(tr, p.sinceMs === null || p.sinceMs === undefined ? '–' : seconds(p.sinceMs));
    cell(tr, p.timeToFireMs === null || p.timeToFireMs === undefined ? '–'
      : seconds(p.timeToFireMs) + ' after its window began');
  });
  fillTable('faults', s.faults, (tr, f) => {
    cell(tr, f.step);
    cell(tr, f.target);
    cell(tr, f.type);
    cell(tr, seconds(f.startMs));
    cell(tr, seconds(f.endMs));
    cell(tr, f.state + (f.error ? ' (' + f.error + ')' : ''), f.state === 'failed' ? 'fail' : '');
  });
  fillTable('phases', s.phases, (tr, p) => {
    cell(tr, p.name + (p.name === s.phase ? ' (now)' : ''));
    cell(tr, seconds(p.startMs));
    cell(tr, seconds(p.endMs));
  });
  fillTable('kinds', s.errorKinds, (tr, k) => {
    cell(tr, k.request);
    cell(tr, k.error);
    cell(tr, k.status === null || k.status === undefined ? '–' : k.status);
    cell(tr, k.count);
    cell(tr, seconds(k.lastMs));
    cell(tr, k.traceId || '–');
  });
  const end = Math.max(s.durationMs || 0, s.elapsedMs || 0, 1000);
  chart('chart-rate', end, s, [['s0', 'scheduled'], ['s1', 'achieved']]);
  chart('chart-latency', end, s, [['s1', 'p99c'], ['s0', 'p99s']]);
  chart('chart-errors', end, s, [['s2', 'errors'], ['s3', 'dropped']]);
}

const STATE_TEXT = {waiting: 'waiting for its window', quiet: 'quiet so far', pending: 'pending', firing: 'firing',
  resolved: 'resolved', passed: 'passed', failed: 'failed already', missed: 'missed: its limit passed'};

/** The colour of an expectation's state: green where it holds, amber on the way, red where it is lost. */
function stateClass(p) {
  const wantsFiring = p.kind === 'fires' || p.kind === 'notifies' || p.kind === 'resolves';
  switch (p.state) {
    case 'failed':
    case 'missed':
      return 'fail';
    case 'passed':
      return 'pass';
    case 'firing':
      return p.kind === 'fires' || p.kind === 'notifies' ? 'pass' : 'warn';
    case 'resolved':
      return wantsFiring ? 'pass' : 'warn';
    case 'pending':
      return 'warn';
    default:
      return '';
  }
}

const W = 960;
const H = 220;
const L = 56;
const B = 26;

function svgEl(name, attrs, text) {
  const el = document.createElementNS('http://www.w3.org/2000/svg', name);
  Object.entries(attrs).forEach(([k, v]) => el.setAttribute(k, v));
  if (text !== undefined) {
    el.textContent = text;
  }
  return el;
}

function niceCeiling(max) {
  if (!(max > 0)) {
    return 1;
  }
  const step = Math.pow(10, Math.floor(Math.log10(max)));
  return [1, 2, 2.5, 5, 10].map((m) => m * step).find((c) => c >= max);
}

/** Draws the series of the history as lines, with the fault windows shaded and the phase starts marked. */
function chart(id, endMs, s, series) {
  const svg = $(id);
  svg.replaceChildren();
  const x = (ms) => L + (W - L - 8) * Math.min(ms, endMs) / endMs;
  let max = 0;
  history.forEach((h) => series.forEach(([, key]) => {
    max = Math.max(max, h[key] || 0);
  }));
  const top = niceCeiling(max);
  const y = (v) => 8 + (H - B - 8) * (1 - (v || 0) / top);
  s.faults.forEach((f) => svg.appendChild(svgEl('rect', {class: 'fault', x: x(f.startMs), y: 8,
    width: Math.max(1, x(f.endMs) - x(f.startMs)), height: H - B - 8})));
  s.phases.forEach((p) => {
    svg.appendChild(svgEl('line', {class: 'phase', x1: x(p.startMs), x2: x(p.startMs), y1: 8, y2: H - B}));
    svg.appendChild(svgEl('text', {x: x(p.startMs) + 3, y: 20}, p.name));
  });
  svg.appendChild(svgEl('line', {class: 'axis', x1: L, x2: W - 8, y1: H - B, y2: H - B}));
  svg.appendChild(svgEl('line', {class: 'axis', x1: L, x2: L, y1: 8, y2: H - B}));
  [0, top / 2, top].forEach((v) => svg.appendChild(svgEl('text', {x: L - 6, y: y(v) + 4, 'text-anchor': 'end'},
    String(Math.round(v * 10) / 10))));
  [0, endMs / 2, endMs].forEach((t) => svg.appendChild(svgEl('text', {x: x(t), y: H - 8, 'text-anchor': 'middle'},
    seconds(t))));
  series.forEach(([cls, key]) => {
    const points = history.filter((h) => h[key] !== null && h[key] !== undefined)
      .map((h) => x(h.t).toFixed(1) + ',' + y(h[key]).toFixed(1)).join(' ');
    svg.appendChild(svgEl('polyline', {class: cls, points, 'data-series': key}));
  });
}

// ---- dial and stop ------------------------------------------------------------------------------------

async function dial(event) {
  event.preventDefault();
  const value = Number($('dial-value').value);
  const body = $('dial-mode').value === 'rate' ? {rate: value} : {multiplier: value};
  const answer = await call('POST', '/runs/' + encodeURIComponent(current) + '/rate', body);
  $('run-message').textContent = answer.ok ? 'Rate set; the schedule follows at once.' : errorText(answer);
  if (answer.ok) {
    show(answer.body);
  }
}

async function stop() {
  const answer = await call('POST', '/runs/' + encodeURIComponent(current) + '/stop');
  $('run-message').textContent = answer.ok ? 'Stopped; its faults are cleared.' : errorText(answer);
}

function route() {
  const match = /^#run=(.+)$/.exec(location.hash);
  if (match) {
    watch(decodeURIComponent(match[1]));
  }
}

document.addEventListener('DOMContentLoaded', () => {
  $('token').value = sessionStorage.getItem(TOKEN_KEY) || '';
  $('token').addEventListener('change', () => sessionStorage.setItem(TOKEN_KEY, $('token').value.trim()));
  $('start-form').addEventListener('submit', start);
  $('dial-form').addEventListener('submit', dial);
  $('stop').addEventListener('click', stop);
  $('file').addEventListener('change', loadScenarios);
  window.addEventListener('hashchange', route);
  loadRuns();
  loadScenarios();
  setInterval(loadRuns, 5000);
  route();
});
