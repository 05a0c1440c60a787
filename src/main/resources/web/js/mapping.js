// The column mapping of an import: which field of the file feeds each table column. Fields are
// matched to columns by name (case, spaces and punctuation aside) and every match stays editable.
// It becomes the import's map.<column>=<field> options.
import {fill, h, select} from './ui.js';

/** A field with a meaning of its own: a true value deletes the row, in any mode. */
const DELETE_FIELD = '_delete_';

export function normalize(name) {
  return name.toLowerCase().replace(/[^\p{L}\p{N}]+/gu, '');
}

/** column name → field (or '' for none): exact names first, then names equal once normalized; a field feeds one column. */
export function autoMatch(columns, fields) {
  const taken = new Set();
  const match = new Map();
  for (const c of columns) {
    if (fields.includes(c)) { match.set(c, c); taken.add(c); }
  }
  for (const c of columns) {
    if (match.has(c)) continue;
    const f = fields.find((x) => !taken.has(x) && normalize(x) === normalize(c));
    match.set(c, f ?? '');
    if (f) taken.add(f);
  }
  return match;
}

function required(c) {
  return !c.nullable && c.default === undefined && !c.autonumber;
}

/** The mapping editor for a table and a file's fields; onChange runs after each edit. */
export function mappingEditor(table, fields, onChange) {
  const match = autoMatch(table.columns.map((c) => c.name), fields);
  const unused = h('p', {id: 'unmapped-fields', class: 'hint', 'aria-live': 'polite'});
  const warnings = h('div', {'aria-live': 'polite'});

  const unmapped = () => {
    const used = new Set(match.values());
    return fields.filter((f) => !used.has(f) && f !== DELETE_FIELD);
  };
  const refresh = () => {
    const left = unmapped();
    fill(unused, left.length ? `File fields not imported: ${left.join(', ')}.` : 'Every field of the file is imported.');
    // the API fills a column from the field of its own name unless mapped elsewhere: "not imported" cannot hold then
    const kept = [...match].filter(([c, f]) => f === '' && fields.includes(c)).map(([c]) => c);
    fill(warnings, kept.length ? h('p', {class: 'alert warning'},
      `Still imported from the field of the same name (the API cannot leave it out yet): ${kept.join(', ')}.`) : null);
  };

  const rows = table.columns.map((c) => {
    const choice = select({'aria-label': `File field for column ${c.name}`, 'data-column': c.name},
      [['', '— not imported —'], ...fields.map((f) => [f, f])], match.get(c.name));
    choice.addEventListener('change', () => {
      match.set(c.name, choice.value);
      refresh();
      onChange?.();
    });
    return h('tr', {},
      h('th', {scope: 'row'}, c.name, ' ', h('small', {}, c.type), required(c) ? h('span', {class: 'badge'}, 'required') : null),
      h('td', {}, choice));
  });
  refresh();
  return {
    element: h('div', {},
      h('div', {class: 'scroll'}, h('table', {id: 'mapping'},
        h('caption', {class: 'visually-hidden'}, 'Which file field feeds each column'),
        h('thead', {}, h('tr', {}, h('th', {scope: 'col'}, 'Table column'), h('th', {scope: 'col'}, 'File field'))),
        h('tbody', {}, rows))),
      unused, warnings),
    /** The import options of this mapping. */
    options() {
      const out = {};
      for (const [c, f] of match) if (f) out[`map.${c}`] = f;
      if (unmapped().length) out.unknownColumns = 'ignore'; // left out on purpose, in plain sight above
      return out;
    },
  };
}
