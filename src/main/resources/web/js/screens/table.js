// One table: its columns and keys, and its records in keyset pages (GET …/records?limit=&after=).
import {ApiError, api, path, query, request} from '../api.js';
import {add, cellText, confirmDialog, dataTable, errorBox, field, fill, fmtInt, h, notice, saveBlob, select} from '../ui.js';
import {keysText} from './tables.js';

function columnsTable(t) {
  const keyOf = (c) => (t.primaryKey?.includes(c.name) ? 'primary' : (t.uniqueKeys ?? []).some((u) => u.includes(c.name)) ? 'unique' : '');
  const notes = (c) => [c.role, c.autonumber && 'autonumber', c.updatable === false && 'not updatable',
    c.precision !== undefined && `precision ${c.precision}${c.scale !== undefined ? `, scale ${c.scale}` : ''}`].filter(Boolean).join(', ');
  return dataTable(`Columns of ${t.name}`, ['Column', 'Type', 'Nullable', 'Default', 'Key', 'Notes'],
    t.columns.map((c) => h('tr', {},
      h('th', {scope: 'row'}, c.name), h('td', {}, c.type), h('td', {}, c.nullable ? 'yes' : 'no'),
      h('td', {}, c.default === undefined ? '' : cellText(c.default)), h('td', {}, keyOf(c)), h('td', {}, notes(c)))));
}

/** The record browser: a page of rows, and the cursors of the pages before it for "Previous". */
function recordBrowser(t, signal) {
  const columns = t.columns.map((c) => c.name);
  const size = select({}, [['25', '25'], ['50', '50'], ['100', '100'], ['500', '500']], '50');
  const status = h('p', {id: 'records-status', 'aria-live': 'polite'});
  const body = h('div', {id: 'records'});
  const first = h('button', {type: 'button'}, 'First page');
  const prev = h('button', {type: 'button'}, 'Previous page');
  const next = h('button', {type: 'button'}, 'Next page');
  const cursors = [null]; // cursors[i]: the 'after' of page i
  let page = 0;
  let nextCursor = null;
  let offset = 0;

  async function load(index) {
    const limit = Number(size.value);
    try {
      const res = await api.get(`${path('v1', 'tables', t.name, 'records')}${query({limit, after: cursors[index]})}`, {signal});
      page = index;
      nextCursor = res.next;
      if (nextCursor) cursors[index + 1] = nextCursor;
      offset = page * limit;
      fill(body, res.items.length ? dataTable(`Records of ${t.name}`, columns,
        res.items.map((r) => h('tr', {}, columns.map((c) => h('td', {}, cellText(r[c])))))) : notice('No records.'));
      fill(status, res.items.length ? `Records ${fmtInt(offset + 1)}–${fmtInt(offset + res.items.length)}` : '');
      prev.disabled = first.disabled = page === 0;
      next.disabled = !nextCursor;
    } catch (e) {
      if (e.name !== 'AbortError') fill(body, errorBox(e));
    }
  }
  first.addEventListener('click', () => load(0));
  prev.addEventListener('click', () => load(Math.max(0, page - 1)));
  next.addEventListener('click', () => load(page + 1));
  size.addEventListener('change', () => { cursors.length = 1; load(0); });
  load(0);
  return h('section', {'aria-labelledby': 'records-title'},
    h('h2', {id: 'records-title'}, 'Records'),
    h('div', {class: 'toolbar'}, field('Rows per page', size),
      h('div', {class: 'pager', role: 'group', 'aria-label': 'Pages'}, first, prev, next)),
    status, body);
}

async function drop(t, etag, ctx, slot) {
  const ok = await confirmDialog({title: `Delete table ${t.name}?`,
    message: `The table and all its records are dropped from the database. This cannot be undone.`, confirm: 'Delete table'});
  if (!ok) return;
  try {
    await api.delete(path('v1', 'tables', t.name), {headers: {'If-Match': etag}});
    ctx.navigate('#/tables');
  } catch (e) {
    fill(slot, errorBox(e));
  }
}

export async function render(main, [name], ctx) {
  const res = await request('GET', path('v1', 'tables', name), {signal: ctx.signal});
  const t = await res.json();
  const etag = res.headers.get('ETag');
  const errors = h('div');
  const download = h('button', {type: 'button'}, 'Download as CSV');
  download.addEventListener('click', async () => {
    try {
      saveBlob(await api.blob(path('v1', 'tables', t.name, 'records'), 'text/csv', {signal: ctx.signal}), `${t.name}.csv`);
    } catch (e) {
      if (e instanceof ApiError) fill(errors, errorBox(e));
    }
  });
  const remove = h('button', {type: 'button', class: 'danger'}, 'Delete table');
  remove.addEventListener('click', () => drop(t, etag, ctx, errors));
  add(main, 
    h('p', {class: 'crumbs'}, h('a', {href: '#/tables'}, 'Tables'), ' / '),
    h('div', {class: 'heading'}, h('h1', {}, t.name),
      h('div', {class: 'actions'}, h('a', {class: 'button primary', href: `#${path('import', t.name)}`}, 'Import a file'), download, remove)),
    h('p', {class: 'meta'}, `${t.kind ?? 'table'}${t.discovered ? ', discovered in the database' : ''} · keys: ${keysText(t)}`,
      t.rowCount === undefined ? '' : ` · ${fmtInt(t.rowCount)} rows`),
    errors,
    t.problems?.length ? notice('Columns Freight leaves out:', 'warning', h('ul', {}, t.problems.map((p) => h('li', {}, p)))) : null,
    h('section', {'aria-labelledby': 'columns-title'}, h('h2', {id: 'columns-title'}, 'Columns'), columnsTable(t)),
    recordBrowser(t, ctx.signal));
}
