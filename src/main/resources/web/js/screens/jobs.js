// The jobs of the workspace, newest first, filtered by table and state, in pages.
import {api, path, query} from '../api.js';
import {isFinal} from '../events.js';
import {percent} from '../progress.js';
import {add, dataTable, errorBox, field, fill, fmtInt, fmtTime, h, notice, select, stateBadge} from '../ui.js';

const STATES = ['queued', 'running', 'completed', 'failed', 'cancelled'];
const PAGE = 50;
const REFRESH_MS = 2000;

function row(j) {
  const p = percent(j.counts, j.state);
  return h('tr', {},
    h('th', {scope: 'row'}, h('a', {href: `#${path('jobs', j.id)}`}, `#${j.number}`)),
    h('td', {}, j.table),
    h('td', {}, j.mode, j.dryRun ? h('span', {class: 'badge'}, 'dry run') : null),
    h('td', {}, stateBadge(j.state)),
    h('td', {class: 'num'}, `${fmtInt(j.counts.processed)} / ${fmtInt(j.counts.requested)}`, p === null ? '' : ` (${p} %)`),
    h('td', {class: 'num'}, fmtInt(j.counts.failed)),
    h('td', {}, j.name ?? ''),
    h('td', {}, fmtTime(j.createdAt)));
}

export async function render(main, _args, {params, signal, navigate}) {
  const {items: tables} = await api.get('/v1/tables', {signal});
  const table = select({id: 'filter-table'}, [['', 'all tables'], ...tables.map((t) => [t.name, t.name])], params.get('table') ?? '');
  const state = select({id: 'filter-state'}, [['', 'all states'], ...STATES.map((s) => [s, s])], params.get('state') ?? '');
  let rows = [];
  const list = h('div', {id: 'jobs'});
  const more = h('button', {type: 'button', hidden: true}, 'Older jobs');
  let next = null;
  let pages = 0;
  let timer = null;
  signal.addEventListener('abort', () => clearTimeout(timer));

  const load = async (after) => {
    clearTimeout(timer);
    try {
      const res = await api.get(`/v1/jobs${query({table: table.value, state: state.value, limit: PAGE, after})}`, {signal});
      if (!after) {
        rows = [];
        pages = 0;
      }
      pages++;
      rows.push(...res.items.map(row));
      next = res.next;
      more.hidden = !next;
      fill(list, rows.length ? dataTable('Jobs', ['Job', 'Table', 'Mode', 'State', 'Rows', 'Failed', 'Name', 'Created'], rows, {id: 'jobs-list'})
        : notice('No jobs match.'));
      // while a job on the first page is under way, keep the page current
      if (pages === 1 && res.items.some((j) => !isFinal(j.state))) timer = setTimeout(() => load(null), REFRESH_MS);
    } catch (e) {
      if (e.name !== 'AbortError') fill(list, errorBox(e));
    }
  };
  const filter = () => navigate(`#/jobs${query({table: table.value, state: state.value})}`);
  table.addEventListener('change', filter);
  state.addEventListener('change', filter);
  more.addEventListener('click', () => load(next));

  add(main, 
    h('div', {class: 'heading'}, h('h1', {}, 'Jobs'),
      h('div', {class: 'actions'}, h('a', {class: 'button primary', href: '#/import'}, 'Import a file'))),
    h('div', {class: 'toolbar', role: 'search', 'aria-label': 'Filter jobs'}, field('Table', table), field('State', state),
      h('button', {type: 'button', onclick: () => load(null)}, 'Refresh')),
    list, more);
  await load(null);
}
