// Import a file: choose the table, the mode and the key, map the file's fields to the table's
// columns, preview the outcome of every row (a dry run), then run it and follow the job.
import {api, path, query, supportsDryRun, upload} from '../api.js';
import {bodyHeaders, readFields} from '../files.js';
import {mappingEditor} from '../mapping.js';
import {preview} from '../preview.js';
import {progressBar} from '../progress.js';
import {add, errorBox, field, fill, fmtBytes, h, notice, select} from '../ui.js';

/** The modes of the API, each with what it does to a row whose key is (or is not) in the table. */
export const MODES = [
  ['upsert', 'Inserts new rows and updates the given columns of existing ones.'],
  ['insert', 'Adds rows; a row whose key is already stored fails.'],
  ['replace', 'Inserts new rows and replaces existing ones whole (absent columns become empty).'],
  ['ignore', 'Inserts new rows and leaves existing ones as they are.'],
  ['update', 'Updates existing rows only; rows with unknown keys are ignored.'],
  ['delete', 'Deletes the rows with these keys.'],
  ['replace_all', 'The file becomes the whole table: every other row is removed, all at once.'],
];

let handedOver = null;
/** A file to start the next import with (the create-table screen hands its file over). */
export function importNext(file) {
  handedOver = file;
}

function keyChoices(t) {
  const out = [];
  if (t.primaryKey?.length) out.push(['', `primary key (${t.primaryKey.join(', ')})`]);
  for (const u of t.uniqueKeys ?? []) out.push([u.join(','), `unique (${u.join(', ')})`]);
  return out;
}

export async function render(main, [tableName], ctx) {
  const {signal} = ctx;
  const [{items: tables}, canPreview] = await Promise.all([api.get('/v1/tables', {signal}), supportsDryRun()]);
  let file = null;
  let fields = [];
  let table = tables.find((t) => t.name === tableName) ?? null;
  let mapping = null;

  const fileInput = h('input', {type: 'file', id: 'import-file', accept: '.csv,.tsv,.txt,.json,.ndjson,.jsonl,.gz'});
  const fileInfo = h('div', {id: 'file-info', 'aria-live': 'polite'});
  const tableSelect = select({id: 'import-table', required: true},
    [['', tables.length ? '— choose a table —' : '— no tables yet —'], ...tables.map((t) => [t.name, t.name])], table?.name ?? '');
  const mode = select({id: 'import-mode'}, MODES.map(([m]) => [m, m.replace('_', ' ')]), 'upsert');
  const modeHint = h('p', {class: 'hint', id: 'import-mode-hint', 'aria-live': 'polite'});
  const describeMode = () => fill(modeHint, MODES.find(([m]) => m === mode.value)?.[1] ?? '');
  mode.setAttribute('aria-describedby', modeHint.id);
  mode.addEventListener('change', describeMode);
  const key = select({id: 'import-key'}, [['', 'primary key']], '');
  const keyField = field('Match rows on', key, 'The unique key that finds existing rows.');
  const threshold = h('input', {type: 'text', id: 'import-threshold', inputmode: 'numeric', placeholder: 'none', size: 8});
  const emptyOverwrites = h('input', {type: 'checkbox', id: 'import-empty-overwrites'});
  const atomic = h('input', {type: 'checkbox', id: 'import-atomic'});
  const jobName = h('input', {type: 'text', id: 'import-name', autocomplete: 'off'});
  const mappingSlot = h('div', {id: 'mapping-slot'});
  const previewSlot = h('div', {id: 'preview', 'aria-live': 'polite'});
  const runSlot = h('div', {id: 'run-status', 'aria-live': 'polite'});
  const previewButton = h('button', {type: 'button', id: 'preview-button'}, 'Preview outcomes (dry run)');
  const runButton = h('button', {type: 'submit', class: 'primary', id: 'run-button'}, 'Run import');
  let previewed = false;

  const options = () => ({
    mode: mode.value,
    key: key.value || null,
    errorThreshold: threshold.value.trim() || null,
    emptyOverwrites: emptyOverwrites.checked ? 'true' : null,
    atomic: atomic.checked ? 'true' : null,
    name: jobName.value.trim() || null,
    ...(mapping ? mapping.options() : {}),
  });
  const ready = () => {
    const ok = Boolean(file && table && fields.length);
    runButton.disabled = !ok;
    previewButton.disabled = !ok || !canPreview;
    return ok;
  };
  const changed = () => {
    if (previewed) {
      previewed = false;
      previewSlot.prepend(notice('The options changed since this preview: preview again to see their outcome.', 'warning'));
    }
  };
  const drawMapping = () => {
    mapping = file && table && fields.length ? mappingEditor(table, fields, changed) : null;
    fill(mappingSlot, mapping ? mapping.element : h('p', {class: 'hint'}, 'Choose a file and a table to map its fields to columns.'));
    ready();
  };
  const drawKeys = () => {
    const choices = table ? keyChoices(table) : [];
    fill(key, (choices.length ? choices : [['', 'no key: rows are appended']]).map(([v, l]) => h('option', {value: v}, l)));
    key.disabled = choices.length < 2;
    if (table && !choices.length) mode.value = 'insert'; // a table without a key can only be appended to
    describeMode();
  };

  const chooseFile = async (f) => {
    file = f;
    fields = [];
    fill(fileInfo);
    if (file) {
      try {
        const read = await readFields(file);
        fields = read.fields;
        fill(fileInfo, h('p', {class: 'hint'}, `${file.name}: ${read.format.toUpperCase()}, ${fmtBytes(file.size)}, fields ${fields.join(', ')}.`));
      } catch (e) {
        fill(fileInfo, errorBox({detail: e.message}));
      }
    }
    drawMapping();
    changed();
  };
  fileInput.addEventListener('change', () => chooseFile(fileInput.files[0] ?? null));
  tableSelect.addEventListener('change', () => {
    table = tables.find((t) => t.name === tableSelect.value) ?? null;
    drawKeys();
    drawMapping();
    changed();
  });
  for (const control of [mode, key, threshold, emptyOverwrites, atomic]) control.addEventListener('change', changed);

  previewButton.addEventListener('click', async () => {
    if (!ready() || !canPreview) return;
    previewButton.disabled = true;
    await preview(previewSlot, {table: table.name, file, options: options(), signal});
    previewed = true;
    ready();
  });

  const form = h('form', {'aria-labelledby': 'import-title', id: 'import-form'},
    h('h1', {id: 'import-title'}, 'Import a file'),
    h('section', {'aria-labelledby': 'step-file'}, h('h2', {id: 'step-file'}, '1. File and table'),
      h('div', {class: 'grid'},
        field('File', fileInput, 'CSV with a header line, a JSON array of objects, or NDJSON; .gz accepted.'),
        field('Table', tableSelect)),
      fileInfo),
    h('section', {'aria-labelledby': 'step-how'}, h('h2', {id: 'step-how'}, '2. How rows are applied'),
      h('div', {class: 'grid'},
        h('div', {class: 'field'}, h('label', {for: mode.id}, 'Mode'), mode, modeHint), keyField,
        field('Stop after failures', threshold, 'A count (100) or a percentage (5%); empty: never stop.'),
        field('Job name (optional)', jobName)),
      h('div', {class: 'checks'},
        h('label', {}, emptyOverwrites, ' An empty field clears the stored value'),
        h('label', {}, atomic, ' All or nothing: any failed row cancels the whole import'))),
    h('section', {'aria-labelledby': 'step-map'}, h('h2', {id: 'step-map'}, '3. Columns'), mappingSlot),
    h('section', {'aria-labelledby': 'step-preview'}, h('h2', {id: 'step-preview'}, '4. Preview and run'),
      canPreview
        ? h('p', {class: 'hint'}, 'A dry run plans every row against the table as it is now and shows what each would do, writing nothing.')
        : notice('No dry-run preview: this server does not take dryRun=true on imports yet. You can still run the import.', 'warning'),
      h('div', {class: 'actions'}, previewButton, runButton),
      previewSlot, runSlot));

  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    if (!ready()) return;
    runButton.disabled = previewButton.disabled = true;
    const bar = progressBar('Upload progress', 'upload-progress');
    fill(runSlot, bar.element);
    try {
      const job = await upload(`${path('v1', 'tables', table.name, 'imports')}${query(options())}`, file, bodyHeaders(file),
        (sent, total) => bar.set(Math.floor((sent * 100) / total), `Uploading: ${fmtBytes(sent)} of ${fmtBytes(total)}`), signal);
      ctx.navigate(`#${path('jobs', job.id)}`);
    } catch (err) {
      if (err.name !== 'AbortError') fill(runSlot, errorBox(err));
      ready();
    }
  });

  add(main, form);
  drawKeys();
  if (handedOver) {
    const f = handedOver;
    handedOver = null;
    const dt = new DataTransfer();
    dt.items.add(f);
    fileInput.files = dt.files;
    await chooseFile(f);
  } else drawMapping();
}
