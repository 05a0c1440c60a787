// The dry-run preview of an import: the file is planned against the table as it is
// (POST …/imports?dryRun=true), nothing is committed, and the first rows' outcomes are shown.
import {api, path, query, supportsDryRun, upload} from './api.js';
import {followJob} from './events.js';
import {bodyHeaders} from './files.js';
import {percent, progressBar} from './progress.js';
import {cellText, dataTable, errorBox, fill, fmtBytes, fmtInt, h, notice} from './ui.js';

const SHOWN = 20;

/** "3 inserted, 1 updated, 1 failed" from a job's counts. */
export function outcomeSummary(counts) {
  const parts = ['inserted', 'updated', 'unchanged', 'ignored', 'deleted', 'failed']
    .filter((k) => counts[k] > 0).map((k) => `${fmtInt(counts[k])} ${k}`);
  return parts.length ? parts.join(', ') : 'no rows';
}

/** A row's place in its file: the line where one exists (CSV, NDJSON), else its index among the rows. */
export function rowPlace(r) {
  return r.line !== undefined && r.line !== null ? `line ${r.line}` : `row index ${r.index}`;
}

function resultsTable(items) {
  return dataTable('First rows of the dry run', ['Row', 'Outcome', 'Key', 'Error or warning'],
    items.map((r) => h('tr', {class: `outcome-${r.outcome}`},
      h('td', {}, rowPlace(r)),
      h('td', {}, h('span', {class: `badge outcome-${r.outcome}`}, r.outcome)),
      h('td', {}, r.key ? Object.entries(r.key).map(([k, v]) => `${k}=${cellText(v)}`).join(', ') : ''),
      h('td', {}, r.error ?? r.warning ?? ''))), {id: 'preview-results'});
}

/** Runs a dry run of file into table with options, showing its progress and then its outcomes in slot. */
export async function preview(slot, {table, file, options, signal}) {
  if (!(await supportsDryRun())) {
    fill(slot, notice('No dry-run preview: this server does not take dryRun=true on imports yet. You can still run the import.', 'warning'));
    return;
  }
  const bar = progressBar('Dry run progress', 'preview-progress');
  fill(slot, h('p', {}, 'Planning every row against the table, committing nothing…'), bar.element);
  const url = `${path('v1', 'tables', table, 'imports')}${query({...options, dryRun: 'true'})}`;
  try {
    let job = await upload(url, file, bodyHeaders(file),
      (sent, total) => bar.set(Math.floor((sent * 100) / total), `Uploading: ${fmtBytes(sent)} of ${fmtBytes(total)}`), signal);
    if (job.dryRun !== true) {
      // never expected (the OpenAPI document lists dryRun); stop a real import as soon as possible
      await api.post(path('v1', 'jobs', job.id, 'cancel')).catch(() => {});
      throw {detail: `The server did not treat job #${job.number} as a dry run; it was cancelled. Check its results before importing.`};
    }
    job = (await followJob(job.id, {signal,
      onProgress: (counts) => bar.set(percent(counts, 'running'), `${fmtInt(counts.processed)} of ${fmtInt(counts.requested)} rows planned`),
    })) ?? job;
    if (signal.aborted) return;
    const {items} = await api.get(`${path('v1', 'jobs', job.id, 'results')}${query({limit: SHOWN})}`, {signal});
    fill(slot,
      h('p', {id: 'preview-summary', class: job.counts.failed ? 'alert warning' : 'alert success'},
        `Dry run of ${fmtInt(job.counts.requested ?? job.counts.processed)} rows: ${outcomeSummary(job.counts)}. Nothing was written.`,
        job.error ? ` ${job.error}` : ''),
      items.length ? resultsTable(items) : null,
      h('p', {}, h('a', {href: `#${path('jobs', job.id)}`}, `Every row's result: dry-run job #${job.number}`)));
  } catch (e) {
    if (e.name !== 'AbortError') fill(slot, errorBox(e));
  }
}
