// The tables of the key's workspace: columns, keys, kind and (where the server counts them) rows.
import {api, path} from '../api.js';
import {add, dataTable, fmtInt, h, notice} from '../ui.js';

/** A table's keys as text: "primary (id); unique (email)". */
export function keysText(t) {
  const parts = [];
  if (t.primaryKey?.length) parts.push(`primary (${t.primaryKey.join(', ')})`);
  for (const u of t.uniqueKeys ?? []) parts.push(`unique (${u.join(', ')})`);
  return parts.join('; ') || 'none';
}

export async function render(main, _args, {signal}) {
  add(main, h('div', {class: 'heading'},
    h('h1', {}, 'Tables'),
    h('div', {class: 'actions'},
      h('a', {class: 'button primary', href: '#/tables/new'}, 'New table'),
      h('a', {class: 'button', href: '#/import'}, 'Import a file'))));
  const {items} = await api.get('/v1/tables', {signal});
  if (!items.length) {
    add(main, notice('No tables yet. Create one from a file, or with any database tool: Freight finds it.'));
    return;
  }
  const counted = items.some((t) => t.rowCount !== undefined);
  const rows = items.map((t) => h('tr', {},
    h('th', {scope: 'row'}, h('a', {href: `#${path('tables', t.name)}`}, t.name)),
    h('td', {}, t.kind ?? 'table', t.discovered ? h('span', {class: 'badge'}, 'discovered') : null),
    h('td', {class: 'columns'}, t.columns.map((c) => h('span', {class: 'column'}, c.name, h('small', {}, ` ${c.type}`)))),
    h('td', {}, keysText(t)),
    h('td', {class: 'num'}, t.rowCount === undefined ? h('span', {title: 'not reported by this server'}, '—') : fmtInt(t.rowCount)),
    h('td', {}, h('a', {href: `#${path('import', t.name)}`, 'aria-label': `Import into ${t.name}`}, 'Import'))));
  add(main, dataTable('Tables', ['Name', 'Kind', 'Columns', 'Keys', 'Rows', ''], rows, {id: 'tables'}));
  if (!counted) add(main, h('p', {class: 'hint'}, 'Row counts: this server does not report them yet.'));
}
