// One job: live progress from its event stream, rows/s, counts, events, the failed rows with
// their line, column and reason, their CSV download, and cancel.
import {api, path, query} from '../api.js';
import {followJob, isFinal} from '../events.js';
import {rowPlace} from '../preview.js';
import {percent, progressBar} from '../progress.js';
import {add, cellText, confirmDialog, dataTable, errorBox, fill, fmtDuration, fmtInt, fmtTime, h, notice, saveBlob, stateBadge} from '../ui.js';

const COUNTS = ['requested', 'processed', 'inserted', 'updated', 'unchanged', 'ignored', 'deleted', 'failed'];
const RATE_WINDOW_MS = 10_000;
const FAILED_PAGE = 50;
const PROGRESS_MS = 200; // progress events may come hundreds a second; the page redraws a few times a second

/** The column and the reason of a failed row: the API's column when it gives one, else read off "column x: …". */
export function failure(r) {
  if (r.column) return {column: r.column, reason: r.error ?? ''};
  const m = /^column (\S+): ([\s\S]*)$/.exec(r.error ?? '');
  return m ? {column: m[1], reason: m[2]} : {column: '', reason: r.error ?? ''};
}

/** Rows per second: over the final run once it ended, else over the last seconds of progress seen. */
function rate(job, samples) {
  if (isFinal(job.state) && job.startedAt && job.finishedAt) {
    const s = (Date.parse(job.finishedAt) - Date.parse(job.startedAt)) / 1000;
    return s > 0 ? job.counts.processed / s : null;
  }
  if (samples.length < 2) return null;
  const [t0, p0] = samples[0];
  const [t1, p1] = samples[samples.length - 1];
  return t1 > t0 ? ((p1 - p0) * 1000) / (t1 - t0) : null;
}

function failedRows(job, signal) {
  const list = h('div', {id: 'failed-rows'});
  const more = h('button', {type: 'button', hidden: true}, 'More failed rows');
  const errors = h('div');
  let rows = [];
  let next = null;
  const load = async (after) => {
    try {
      const res = await api.get(`${path('v1', 'jobs', job.id, 'results')}${query({outcome: 'failed', limit: FAILED_PAGE, after})}`, {signal});
      if (!after) rows = [];
      rows.push(...res.items.map((r) => {
        const {column, reason} = failure(r);
        return h('tr', {}, h('td', {}, rowPlace(r)), h('td', {}, column), h('td', {}, reason),
          h('td', {}, r.key ? Object.entries(r.key).map(([k, v]) => `${k}=${cellText(v)}`).join(', ') : ''));
      }));
      next = res.next;
      more.hidden = !next;
      fill(list, rows.length ? dataTable('Failed rows', ['Row', 'Column', 'Reason', 'Key'], rows, {id: 'failed-table'}) : notice('No failed rows.'));
    } catch (e) {
      if (e.name !== 'AbortError') fill(errors, errorBox(e));
    }
  };
  const download = h('button', {type: 'button', id: 'download-failed'}, 'Download failed rows (CSV)');
  download.addEventListener('click', async () => {
    try {
      const blob = await api.blob(`${path('v1', 'jobs', job.id, 'results')}${query({outcome: 'failed'})}`, 'text/csv', {signal});
      saveBlob(blob, `job-${job.number}-failed-rows.csv`);
    } catch (e) {
      if (e.name !== 'AbortError') fill(errors, errorBox(e));
    }
  });
  more.addEventListener('click', () => load(next));
  return {
    element: h('section', {'aria-labelledby': 'failed-title'},
      h('div', {class: 'heading'}, h('h2', {id: 'failed-title'}, 'Failed rows'), h('div', {class: 'actions'}, download)),
      h('p', {class: 'hint'}, 'The CSV holds each failed row as it was sent, with its index, outcome and error.'),
      errors, list, more),
    load,
  };
}

export async function render(main, [id], {signal}) {
  let job = await api.get(path('v1', 'jobs', id), {signal});
  const samples = [];
  const state = h('span', {id: 'job-state'});
  const facts = h('p', {class: 'meta'});
  const bar = progressBar('Progress of the job', 'job-progress');
  const percentText = h('strong', {id: 'job-percent', class: 'percent'});
  const speed = h('span', {id: 'job-rate'});
  const live = h('span', {id: 'job-live', class: 'live'});
  const countCells = Object.fromEntries(COUNTS.map((k) => [k, h('dd', {id: `count-${k}`})]));
  const events = h('ol', {id: 'job-events', class: 'events'});
  const problem = h('div', {id: 'job-error'});
  const actionErrors = h('div', {'aria-live': 'polite'});
  const cancel = h('button', {type: 'button', class: 'danger', id: 'cancel-job'}, 'Cancel job');
  const failed = failedRows(job, signal);
  const failedSlot = h('div');

  // progress: frequent, so only words change in place (at most a few times a second)
  const drawProgress = () => {
    const p = percent(job.counts, job.state);
    const r = rate(job, samples);
    const left = job.counts.requested === null ? null : job.counts.requested - job.counts.processed;
    fill(percentText, p === null ? '—' : `${p} %`);
    bar.set(p, job.counts.requested === null
      ? `${fmtInt(job.counts.processed)} rows processed; the total is known once the whole file is read`
      : `${fmtInt(job.counts.processed)} of ${fmtInt(job.counts.requested)} rows`);
    fill(speed, r === null ? 'rows/s: —' : `${fmtInt(Math.round(r))} rows/s`,
      !isFinal(job.state) && r && left !== null ? ` · about ${fmtDuration((left / r) * 1000)} left` : '');
    for (const k of COUNTS) fill(countCells[k], fmtInt(job.counts[k]));
  };
  // the job as a whole: on each change of state
  const draw = () => {
    fill(state, stateBadge(job.state), job.dryRun ? h('span', {class: 'badge'}, 'dry run') : null);
    fill(facts, 'Table ', h('a', {href: `#${path('tables', job.table)}`}, job.table), ` · mode ${job.mode}`,
      job.name ? ` · ${job.name}` : '', job.ref ? ` · ref ${job.ref}` : '', ' · created ', fmtTime(job.createdAt),
      job.finishedAt ? [' · ended ', fmtTime(job.finishedAt)] : '');
    fill(events, (job.events ?? []).map((e) => h('li', {}, fmtTime(e.time), ' ', stateBadge(e.state), ' ', e.message ?? '')));
    fill(problem, job.error ? notice(job.error, 'error') : null);
    cancel.hidden = isFinal(job.state);
    if (isFinal(job.state)) fill(live, '');
    fill(failedSlot, job.counts.failed > 0 ? failed.element : null);
    drawProgress();
  };
  let pending = null;
  const progressSoon = () => {
    pending ??= setTimeout(() => {
      pending = null;
      drawProgress();
    }, PROGRESS_MS);
  };
  signal.addEventListener('abort', () => clearTimeout(pending));

  cancel.addEventListener('click', async () => {
    const ok = await confirmDialog({title: `Cancel job #${job.number}?`,
      message: 'It stops after the chunk it is applying; the rows already committed stay.', confirm: 'Cancel job'});
    if (!ok) return;
    cancel.disabled = true;
    fill(actionErrors, notice('Cancelling: the job stops at the end of its current chunk…'));
    try {
      job = await api.post(path('v1', 'jobs', job.id, 'cancel'), undefined, {signal});
      fill(actionErrors);
    } catch (e) {
      if (e.name !== 'AbortError') fill(actionErrors, errorBox(e));
    } finally {
      cancel.disabled = false;
    }
    draw();
  });

  add(main,
    h('p', {class: 'crumbs'}, h('a', {href: '#/jobs'}, 'Jobs'), ' / '),
    h('div', {class: 'heading'}, h('h1', {}, `Job #${job.number}`), state, h('div', {class: 'actions'}, cancel)),
    facts,
    job.dryRun ? notice('A dry run: every row was planned against the table, and nothing was written.') : null,
    actionErrors, problem,
    h('section', {'aria-labelledby': 'progress-title', class: 'card'},
      h('h2', {id: 'progress-title', class: 'visually-hidden'}, 'Progress'),
      h('div', {class: 'progress-head'}, percentText, speed, live), bar.element,
      h('dl', {id: 'job-counts', class: 'counts'}, COUNTS.map((k) => h('div', {}, h('dt', {}, k), countCells[k])))),
    failedSlot,
    h('section', {'aria-labelledby': 'events-title'}, h('h2', {id: 'events-title'}, 'Events'), events));
  draw();
  if (job.counts.failed > 0) failed.load(null);
  if (isFinal(job.state)) return;

  followJob(job.id, {signal,
    onConnection: (how) => fill(live, how === 'live' ? '● live' : 'reconnecting…'),
    onProgress: (c) => {
      const now = performance.now();
      samples.push([now, c.processed]);
      while (samples.length > 2 && now - samples[0][0] > RATE_WINDOW_MS) samples.shift();
      job = {...job, counts: c};
      progressSoon();
    },
    onState: (j) => {
      job = j;
      draw();
      if (isFinal(j.state) && j.counts.failed > 0) failed.load(null);
    },
  }).catch((e) => fill(problem, errorBox(e)));
}
