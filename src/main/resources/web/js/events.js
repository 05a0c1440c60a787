// A job's live progress from GET /v1/jobs/{id}/events. EventSource cannot send an Authorization
// header, so the stream is read with fetch() and parsed here (the text/event-stream format).
import {path, request} from './api.js';

const FINAL = new Set(['completed', 'failed', 'cancelled']);

export function isFinal(state) {
  return FINAL.has(state);
}

/** Calls onEvent(type, data) for each event of a text/event-stream body until it ends. */
export async function readEventStream(body, onEvent) {
  const reader = body.pipeThrough(new TextDecoderStream()).getReader();
  let buffer = '';
  let type = '';
  let data = [];
  const line = (text) => {
    if (text === '') { // a blank line dispatches the event
      if (data.length) onEvent(type || 'message', data.join('\n'));
      type = '';
      data = [];
      return;
    }
    if (text.startsWith(':')) return; // a comment
    const colon = text.indexOf(':');
    const name = colon < 0 ? text : text.slice(0, colon);
    let value = colon < 0 ? '' : text.slice(colon + 1);
    if (value.startsWith(' ')) value = value.slice(1);
    if (name === 'event') type = value;
    else if (name === 'data') data.push(value);
  };
  for (;;) {
    const {value, done} = await reader.read();
    if (done) break;
    buffer += value;
    let m;
    // a lone CR at the end may be the first half of CRLF: wait for the next chunk
    while ((m = /\r\n|\n|\r(?!$)/.exec(buffer))) {
      line(buffer.slice(0, m.index));
      buffer = buffer.slice(m.index + m[0].length);
    }
  }
  if (buffer) line(buffer.replace(/\r$/, ''));
  line('');
}

/**
 * Follows a job until it is final: onProgress(counts) and onState(job) as the server sends
 * them. A stream cut short (a restart, a proxy) is opened again after a pause. Stops when
 * signal aborts. Resolves with the last job seen.
 */
export async function followJob(id, {onProgress, onState, onConnection, signal}) {
  let last = null;
  let pause = 500;
  while (!signal?.aborted) {
    try {
      const res = await request('GET', path('v1', 'jobs', id, 'events'), {accept: 'text/event-stream', signal});
      onConnection?.('live');
      pause = 500;
      await readEventStream(res.body, (type, data) => {
        const value = JSON.parse(data);
        if (type === 'progress') onProgress?.(value);
        else if (type === 'state') {
          last = value;
          onState?.(value);
        }
      });
      if (last && isFinal(last.state)) return last;
    } catch (e) {
      if (e.name === 'AbortError' || signal?.aborted) return last;
      if (e.status && e.status !== 0 && e.status < 500) throw e; // the job is gone or the key refused: no retry helps
    }
    onConnection?.('reconnecting');
    await new Promise((resolve) => setTimeout(resolve, pause));
    pause = Math.min(pause * 2, 5000);
  }
  return last;
}
