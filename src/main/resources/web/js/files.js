// What the console learns from a file in the browser before sending it: its format, its field
// names (for the column mapping) and a sample of its first rows (for schema inference).
// Only the start of the file is read; gzip files are expanded on the fly.

const SAMPLE_BYTES = 1 << 20;

const TYPES = {csv: 'text/csv', json: 'application/json', ndjson: 'application/x-ndjson'};

/** 'csv', 'json' or 'ndjson' from the file's name (a .gz suffix aside) or its type; null when unknown. */
export function formatOf(file) {
  const name = file.name.toLowerCase().replace(/\.gz$/, '');
  if (/\.(csv|tsv|txt)$/.test(name)) return 'csv';
  if (/\.(ndjson|jsonl)$/.test(name)) return 'ndjson';
  if (name.endsWith('.json')) return 'json';
  for (const [format, type] of Object.entries(TYPES)) if (file.type === type) return format;
  return null;
}

export function isGzip(file) {
  return file.name.toLowerCase().endsWith('.gz');
}

/** The headers that send this file as an import or inference body. */
export function bodyHeaders(file) {
  const headers = {'Content-Type': TYPES[formatOf(file)] ?? 'text/csv'};
  if (isGzip(file)) headers['Content-Encoding'] = 'gzip';
  return headers;
}

export function contentType(format) {
  return TYPES[format];
}

/** The first bytes of the file as text (expanded when gzip); complete tells whether that was all of it. */
async function start(file, bytes = SAMPLE_BYTES) {
  let stream = file.stream();
  if (isGzip(file)) stream = stream.pipeThrough(new DecompressionStream('gzip'));
  const reader = stream.pipeThrough(new TextDecoderStream()).getReader();
  let text = '';
  let complete = false;
  while (text.length < bytes) {
    const {value, done} = await reader.read();
    if (done) { complete = true; break; }
    text += value;
  }
  reader.cancel().catch(() => {});
  return {text: text.replace(/^\uFEFF/, ''), complete};
}

/** Splits CSV text into records; returns them and where the last complete record ends. */
function csvRecords(text, delimiter, max = Infinity) {
  const records = [];
  let record = [];
  let fieldText = '';
  let quoted = false;
  let end = 0;
  for (let i = 0; i < text.length && records.length < max; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') { fieldText += '"'; i++; }
      else if (c === '"') quoted = false;
      else fieldText += c;
    } else if (c === '"' && fieldText === '') quoted = true;
    else if (c === delimiter) { record.push(fieldText); fieldText = ''; }
    else if (c === '\n' || c === '\r') {
      if (c === '\r' && text[i + 1] === '\n') i++;
      record.push(fieldText);
      records.push(record);
      record = [];
      fieldText = '';
      end = i + 1;
    } else fieldText += c;
  }
  return {records, end};
}

/** The delimiter of a CSV header line, as the server detects it: the most frequent of , ; tab |. */
function detectDelimiter(text) {
  const firstLine = text.split(/\r?\n|\r/, 1)[0];
  let best = ',';
  let bestCount = 0;
  for (const d of [',', ';', '\t', '|']) {
    const count = firstLine.split(d).length - 1;
    if (count > bestCount) { best = d; bestCount = count; }
  }
  return best;
}

/** The end of the last complete element of a JSON array within text, or -1. */
function lastArrayElementEnd(text) {
  let depth = 0;
  let inString = false;
  let end = -1;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (inString) {
      if (c === '\\') i++;
      else if (c === '"') inString = false;
      continue;
    }
    if (c === '"') inString = true;
    else if (c === '[' || c === '{') depth++;
    else if (c === ']' || c === '}') {
      depth--;
      if (depth === 1) end = i + 1;
    }
  }
  return end;
}

/** The JSON rows within the sample text (a partial array is cut after its last whole element). */
function jsonRows(format, text, complete) {
  if (format === 'ndjson') {
    const lines = text.split(/\r?\n/);
    if (!complete) lines.pop(); // the last line may be cut
    return lines.filter((l) => l.trim()).map((l) => JSON.parse(l));
  }
  if (complete) return JSON.parse(text);
  const end = lastArrayElementEnd(text);
  return end < 0 ? [] : JSON.parse(`${text.slice(0, end)}]`);
}

/**
 * The file's format and field names: the CSV header, or the keys of the first JSON rows.
 * Throws an Error with a message for the user when the file cannot be read as such.
 */
export async function readFields(file) {
  const format = formatOf(file);
  if (!format) throw new Error(`Cannot tell the format of ${file.name}: use a .csv, .json or .ndjson file (optionally .gz).`);
  const {text, complete} = await start(file, format === 'csv' ? 64 * 1024 : SAMPLE_BYTES);
  if (format === 'csv') {
    const delimiter = detectDelimiter(text);
    const {records} = csvRecords(complete ? `${text}\n` : text, delimiter, 1);
    if (!records.length || !records[0].some((f) => f.trim())) throw new Error(`${file.name} has no header line.`);
    return {format, fields: records[0]};
  }
  let rows;
  try {
    rows = jsonRows(format, text, complete);
  } catch (e) {
    throw new Error(`${file.name} is not valid ${format === 'json' ? 'JSON' : 'NDJSON'}: ${e.message}`);
  }
  if (!Array.isArray(rows) || !rows.length) throw new Error(`${file.name} holds no rows (a JSON array of objects is expected).`);
  const fields = [];
  for (const row of rows.slice(0, 100)) {
    for (const k of Object.keys(row ?? {})) if (!fields.includes(k)) fields.push(k);
  }
  return {format, fields};
}

/** The first rows of the file (about 1 MiB, whole rows only) as a Blob of its own format, uncompressed. */
export async function sample(file) {
  const format = formatOf(file);
  const {text, complete} = await start(file);
  let body = text;
  if (!complete) {
    if (format === 'csv') body = text.slice(0, csvRecords(text, detectDelimiter(text)).end);
    else if (format === 'ndjson') body = text.slice(0, text.lastIndexOf('\n') + 1);
    else body = `${text.slice(0, Math.max(lastArrayElementEnd(text), 1))}]`;
  }
  return new Blob([body], {type: TYPES[format] ?? 'text/csv'});
}
