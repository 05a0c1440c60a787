// A new table, from a file or by hand: the server proposes columns from the file's first rows
// (POST /v1/tables/infer); they stay editable (name, type, nullable, key) until POST /v1/tables.
import {api, path} from '../api.js';
import {readFields, sample} from '../files.js';
import {add, errorBox, field, fill, h, notice, select} from '../ui.js';
import {importNext} from './import.js';

export const TYPES = ['text', 'integer', 'decimal', 'boolean', 'date', 'timestamp', 'timestamptz', 'uuid', 'json'];

/** A column being edited: what the proposal said (kept, so the server gets it back as it was) plus the edits. */
function editable(proposed, key) {
  return {...proposed, nullable: proposed.nullable ?? true, key};
}

/** A valid column name for a file's field: 'E-Mail' → 'E_Mail', '2nd' → '_2nd'. */
function columnName(fieldName, index) {
  const name = fieldName.trim().replace(/[^A-Za-z0-9_]+/g, '_').replace(/^(?=[0-9])/, '_').slice(0, 63);
  return name && name !== '_' ? name : `column_${index + 1}`;
}

/** The column as POST /v1/tables takes it: precision and scale only stay on a decimal. */
function definition(c) {
  const {key: _key, ...column} = c;
  if (column.type !== 'decimal') {
    delete column.precision;
    delete column.scale;
  }
  return column;
}

function columnRow(c, index, onRemove) {
  const label = () => c.name || `column ${index + 1}`;
  const name = h('input', {type: 'text', value: c.name, required: true, 'aria-label': `Name of column ${index + 1}`,
    autocomplete: 'off', spellcheck: 'false', oninput: (e) => { c.name = e.target.value.trim(); }});
  const type = select({'aria-label': `Type of column ${index + 1}`, onchange: (e) => { c.type = e.target.value; }},
    TYPES.map((t) => [t, t]), c.type);
  const nullable = h('input', {type: 'checkbox', checked: c.nullable, 'aria-label': `Column ${index + 1} may be empty (nullable)`,
    onchange: (e) => { c.nullable = e.target.checked; }});
  const key = h('input', {type: 'checkbox', checked: c.key, 'aria-label': `Column ${index + 1} is part of the primary key`,
    onchange: (e) => { c.key = e.target.checked; }});
  const seen = c.format ?? c.dateTimeFormat;
  return h('tr', {},
    h('td', {}, name), h('td', {}, type), h('td', {class: 'check'}, nullable), h('td', {class: 'check'}, key),
    h('td', {}, seen ? h('code', {}, seen) : ''),
    h('td', {}, h('button', {type: 'button', class: 'link', onclick: () => onRemove(c), 'aria-label': `Remove ${label()}`}, 'Remove')));
}

export async function render(main, _args, ctx) {
  let columns = [];
  let file = null;
  const nameInput = h('input', {type: 'text', required: true, autocomplete: 'off', spellcheck: 'false', pattern: '[A-Za-z_][A-Za-z0-9_]{0,62}'});
  const fileInput = h('input', {type: 'file', accept: '.csv,.tsv,.txt,.json,.ndjson,.jsonl,.gz'});
  const proposal = h('div', {id: 'proposal', 'aria-live': 'polite'});
  const editor = h('tbody');
  const errors = h('div', {id: 'create-error'});
  const done = h('div', {id: 'created'});
  const create = h('button', {type: 'submit', class: 'primary'}, 'Create table');

  const draw = () => fill(editor, columns.map((c, i) => columnRow(c, i, (gone) => {
    columns = columns.filter((x) => x !== gone);
    draw();
  })));
  const addColumn = h('button', {type: 'button', onclick: () => {
    columns.push(editable({name: '', type: 'text'}, false));
    draw();
    editor.lastElementChild?.querySelector('input')?.focus();
  }}, 'Add column');

  fileInput.addEventListener('change', async () => {
    file = fileInput.files[0] ?? null;
    fill(proposal);
    if (!file) return;
    if (!nameInput.value) nameInput.value = columnName(file.name.replace(/\..*$/, '').toLowerCase(), 0);
    fill(proposal, notice(`Reading ${file.name}…`));
    try {
      const body = await sample(file); // uncompressed, whole rows only
      const proposed = await api.post('/v1/tables/infer', undefined, {body, headers: {'Content-Type': body.type}, signal: ctx.signal});
      const key = new Set(proposed.primaryKey ?? []);
      columns = proposed.columns.map((c) => editable(c, key.has(c.name)));
      fill(proposal, notice(`Columns proposed from the first rows of ${file.name}: check them before creating the table.`));
    } catch (e) {
      if (e.name === 'AbortError') return;
      if (!e.missingRoute) { fill(proposal, errorBox(e)); return; }
      // no inference on this server yet: the header still gives the names
      try {
        const {fields} = await readFields(file);
        columns = fields.map((f, i) => editable({name: columnName(f, i), type: 'text'}, false));
        fill(proposal, notice('This server cannot propose column types yet (POST /v1/tables/infer is missing): '
          + `the columns below are the header of ${file.name}, as text. Set their types and key.`, 'warning'));
      } catch (err) {
        fill(proposal, errorBox({detail: err.message}));
      }
    }
    draw();
  });

  const form = h('form', {'aria-labelledby': 'new-table-title'},
    h('p', {class: 'crumbs'}, h('a', {href: '#/tables'}, 'Tables'), ' / '),
    h('h1', {id: 'new-table-title'}, 'New table'),
    h('div', {class: 'grid'},
      field('Table name', nameInput, 'Letters, digits and _, starting with a letter or _.'),
      field('Propose columns from a file (optional)', fileInput, 'CSV, JSON or NDJSON, optionally gzip. Only its first rows are sent.')),
    proposal,
    h('section', {'aria-labelledby': 'columns-title'},
      h('h2', {id: 'columns-title'}, 'Columns'),
      h('div', {class: 'scroll'}, h('table', {id: 'column-editor'},
        h('caption', {class: 'visually-hidden'}, 'Columns of the new table'),
        h('thead', {}, h('tr', {}, ['Name', 'Type', 'Nullable', 'Key', 'Format seen', ''].map((x) => h('th', {scope: 'col'}, x)))),
        editor)),
      h('div', {class: 'actions'}, addColumn)),
    errors,
    h('div', {class: 'actions'}, create),
    done);
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    fill(errors);
    if (!columns.length) { fill(errors, errorBox({detail: 'Add at least one column.'})); return; }
    const name = nameInput.value.trim();
    create.disabled = true;
    try {
      const table = await api.post('/v1/tables', {name, columns: columns.map(definition),
        primaryKey: columns.filter((c) => c.key).map((c) => c.name)}, {signal: ctx.signal});
      const next = [h('a', {class: 'button', href: `#${path('tables', table.name)}`}, 'Open table')];
      if (file) {
        next.unshift(h('button', {type: 'button', class: 'primary', onclick: () => {
          importNext(file);
          ctx.navigate(`#${path('import', table.name)}`);
        }}, `Import ${file.name} into it`));
      }
      fill(done, notice(`Table ${table.name} created.`, 'success', h('div', {class: 'actions'}, next)));
      done.querySelector('button, a')?.focus();
    } catch (err) {
      if (err.name !== 'AbortError') fill(errors, errorBox(err));
    } finally {
      create.disabled = false;
    }
  });
  draw();
  add(main, form);
}
