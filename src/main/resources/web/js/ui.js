// Small DOM helpers shared by every screen. Text always goes in as text nodes, never as HTML,
// so nothing a table, a file or the API holds can become markup.

/** Creates an element: h('button', {type: 'button', onclick: fn, class: 'primary'}, 'Save'). */
export function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs ?? {})) {
    if (value === null || value === undefined || value === false) continue;
    if (name.startsWith('on') && typeof value === 'function') el.addEventListener(name.slice(2), value);
    else if (name === 'class') el.className = value;
    else if (name === 'value' || name === 'checked' || name === 'selected') el[name] = value;
    else el.setAttribute(name, value === true ? '' : String(value));
  }
  append(el, children);
  return el;
}

function append(el, children) {
  for (const c of children) {
    if (c === null || c === undefined || c === false) continue;
    if (Array.isArray(c)) append(el, c);
    else el.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
}

/** Appends children, skipping null and false (Element.append would write "null"). */
export function add(el, ...children) {
  append(el, children);
  return el;
}

/** Replaces an element's children. */
export function fill(el, ...children) {
  el.replaceChildren();
  append(el, children);
  return el;
}

let ids = 0;
/** A unique id for label/control pairs. */
export function uid(prefix = 'f') {
  return `${prefix}-${++ids}`;
}

/** A labelled control: the label's for= points at the control; a hint is tied by aria-describedby. */
export function field(label, control, hint) {
  if (!control.id) control.id = uid();
  const parts = [h('label', {for: control.id}, label), control];
  if (hint) {
    const hintId = uid('hint');
    control.setAttribute('aria-describedby', hintId);
    parts.push(h('p', {class: 'hint', id: hintId}, hint));
  }
  return h('div', {class: 'field'}, parts);
}

/** A select with [value, label] options. */
export function select(attrs, options, selected) {
  return h('select', attrs, options.map(([value, label]) =>
    h('option', {value, selected: value === selected}, label)));
}

/** The user-facing text of an API error (problem+json detail, then each field's message). */
export function errorBox(err) {
  const fields = Array.isArray(err?.errors) ? err.errors : [];
  return h('div', {class: 'alert error', role: 'alert'},
    h('p', {}, err?.detail ?? err?.message ?? String(err)),
    fields.length ? h('ul', {}, fields.map((f) => h('li', {}, f.field ? `${f.field}: ${f.message}` : f.message))) : null);
}

/** A short message that is not an error: a degraded feature, a success, a hint; more goes below it. */
export function notice(text, kind = 'info', ...more) {
  return h('div', {class: `alert ${kind}`, role: kind === 'error' ? 'alert' : 'status'}, h('p', {}, text), ...more);
}

/** Shows an error (or clears it with null) in a slot element. */
export function showError(slot, err) {
  fill(slot, err ? errorBox(err) : null);
}

const numbers = new Intl.NumberFormat();
export function fmtInt(n) {
  return n === null || n === undefined ? '—' : numbers.format(n);
}

export function fmtTime(iso) {
  if (!iso) return '—';
  const d = new Date(iso);
  return h('time', {datetime: iso, title: iso}, d.toLocaleString());
}

export function fmtDuration(ms) {
  if (ms === null || ms === undefined || !Number.isFinite(ms)) return '—';
  const s = Math.max(0, Math.round(ms / 1000));
  if (s < 60) return `${s} s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m} min ${s % 60} s`;
  return `${Math.floor(m / 60)} h ${m % 60} min`;
}

export function fmtBytes(n) {
  if (n < 1024) return `${n} B`;
  const units = ['KiB', 'MiB', 'GiB'];
  let v = n / 1024;
  let u = 0;
  while (v >= 1024 && u < units.length - 1) { v /= 1024; u++; }
  return `${v.toFixed(v < 10 ? 1 : 0)} ${units[u]}`;
}

/** A job state as a badge (text, not colour alone, carries the meaning). */
export function stateBadge(state) {
  return h('span', {class: `badge state-${state}`}, state);
}

/** A cell value as text: null stays visible as such, objects as JSON. */
export function cellText(v) {
  if (v === null || v === undefined) return h('span', {class: 'null'}, 'null');
  if (typeof v === 'object') return JSON.stringify(v);
  return String(v);
}

/** A table with a caption (its accessible name) inside a container that scrolls sideways on a phone. */
export function dataTable(caption, headers, rows, attrs = {}) {
  return h('div', {class: 'scroll', tabindex: 0, role: 'region', 'aria-label': caption},
    h('table', attrs,
      h('caption', {class: 'visually-hidden'}, caption),
      h('thead', {}, h('tr', {}, headers.map((x) => h('th', {scope: 'col'}, x)))),
      h('tbody', {}, rows)));
}

/**
 * Asks before something that cannot be undone, in a modal dialog (focus stays inside it,
 * Escape cancels). Resolves true when confirmed.
 */
export function confirmDialog({title, message, confirm, danger = true}) {
  return new Promise((resolve) => {
    const titleId = uid('dialog');
    const dialog = h('dialog', {'aria-labelledby': titleId, class: 'confirm'},
      h('h2', {id: titleId}, title),
      h('p', {}, message),
      h('div', {class: 'actions'},
        h('button', {type: 'button', value: 'cancel', onclick: () => dialog.close('cancel')}, 'Keep it'),
        h('button', {type: 'button', class: danger ? 'danger' : 'primary', value: 'ok', onclick: () => dialog.close('ok')}, confirm)));
    dialog.addEventListener('close', () => {
      dialog.remove();
      resolve(dialog.returnValue === 'ok');
    });
    document.body.append(dialog);
    dialog.showModal();
  });
}

/** Saves a Blob as a file through a temporary link (the key never appears in a URL). */
export function saveBlob(blob, filename) {
  const url = URL.createObjectURL(blob);
  const a = h('a', {href: url, download: filename, hidden: true});
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}
