// A progress bar with its words beside it (a percentage alone tells a screen reader little).
import {fill, h} from './ui.js';

/** Percent of the requested rows processed; 100 once completed; null while the total is unknown. */
export function percent(counts, state) {
  if (state === 'completed') return 100;
  const {requested, processed} = counts ?? {};
  if (requested === null || requested === undefined) return null;
  if (requested === 0) return state === 'queued' || state === 'running' ? 0 : 100;
  return Math.min(100, Math.floor((processed * 100) / requested));
}

/** A labelled bar: set(value, words) with value 0–100, or null for "under way, amount unknown". */
export function progressBar(label, id) {
  const bar = h('progress', {max: 100, 'aria-label': label, id});
  const words = h('span', {class: 'progress-words', id: id && `${id}-words`});
  return {
    element: h('div', {class: 'progress'}, bar, words),
    set(value, text) {
      if (value === null) bar.removeAttribute('value');
      else bar.value = value;
      fill(words, text);
    },
  };
}
