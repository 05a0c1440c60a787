// The one way the console talks to Freight: the public /v1 API with the signed-in key as a
// Bearer token. Errors come back as ApiError carrying the problem+json detail and field errors.
import {currentKey} from './session.js';

export class ApiError extends Error {
  constructor(status, title, detail, errors = []) {
    super(detail);
    this.status = status;
    this.title = title;
    this.detail = detail;
    this.errors = errors;
  }

  /** The route is not on this server yet (404 no route, or 405 where a neighbour path has other methods). */
  get missingRoute() {
    return this.status === 404 || this.status === 405;
  }
}

let unauthorized = () => {};
/** What to do when the key is refused (401): the app signs out and asks for a key again. */
export function onUnauthorized(handler) {
  unauthorized = handler;
}

/** A path from segments, each encoded: path('v1', 'tables', name) → /v1/tables/<name>. */
export function path(...segments) {
  return '/' + segments.map((s) => encodeURIComponent(s)).join('/');
}

/** A query string from an object; null, undefined and '' are left out. */
export function query(params) {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== null && v !== undefined && v !== '') q.append(k, String(v));
  const s = q.toString();
  return s ? `?${s}` : '';
}

function authHeaders(extra, key = currentKey()) {
  const headers = new Headers(extra);
  headers.set('Authorization', `Bearer ${key ?? ''}`);
  return headers;
}

async function problem(status, statusText, contentType, text, signedIn = true) {
  let body = null;
  if (contentType && contentType.includes('json')) {
    try { body = JSON.parse(text); } catch { body = null; }
  }
  const err = new ApiError(status, body?.title ?? statusText,
    body?.detail ?? (status ? `The server answered ${status} ${statusText}`.trim() : 'The server cannot be reached'),
    body?.errors ?? []);
  if (status === 401 && signedIn) unauthorized(err);
  return err;
}

/**
 * A request; resolves with the Response when it is 2xx, else rejects with an ApiError.
 * {key}: a key to try instead of the signed-in one (signing in checks a key this way).
 */
export async function request(method, url, {json, body, headers, accept = 'application/json', signal, key} = {}) {
  const h = authHeaders(headers, key ?? currentKey());
  h.set('Accept', accept);
  if (json !== undefined) {
    h.set('Content-Type', 'application/json');
    body = JSON.stringify(json);
  }
  let res;
  try {
    res = await fetch(url, {method, headers: h, body, signal, cache: 'no-store', credentials: 'omit'});
  } catch (e) {
    if (e.name === 'AbortError') throw e;
    throw new ApiError(0, 'Network error', `The server cannot be reached (${e.message}).`);
  }
  if (!res.ok) throw await problem(res.status, res.statusText, res.headers.get('Content-Type'), await res.text(), key === undefined);
  return res;
}

async function jsonOf(res) {
  return res.status === 204 ? null : res.json();
}

export const api = {
  get: async (url, opts) => jsonOf(await request('GET', url, opts)),
  post: async (url, json, opts) => jsonOf(await request('POST', url, {...opts, json})),
  delete: async (url, opts) => jsonOf(await request('DELETE', url, opts)),
  /** The body as a Blob, e.g. CSV with accept 'text/csv'. */
  blob: async (url, accept, opts) => (await request('GET', url, {...opts, accept})).blob(),
};

/**
 * Sends a file as the body of a POST with upload progress (fetch cannot report it):
 * onProgress(loaded, total). Resolves with the JSON answer.
 */
export function upload(url, file, headers, onProgress, signal) {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', url);
    authHeaders(headers).forEach((value, name) => xhr.setRequestHeader(name, value));
    xhr.setRequestHeader('Accept', 'application/json');
    xhr.upload.onprogress = (e) => onProgress?.(e.loaded, e.lengthComputable ? e.total : file.size);
    xhr.onload = async () => {
      if (xhr.status >= 200 && xhr.status < 300) {
        try { resolve(JSON.parse(xhr.responseText)); } catch { reject(new ApiError(xhr.status, 'Bad answer', 'The server answered with something that is not JSON.')); }
      } else {
        reject(await problem(xhr.status, xhr.statusText, xhr.getResponseHeader('Content-Type'), xhr.responseText));
      }
    };
    xhr.onerror = () => reject(new ApiError(0, 'Network error', 'The upload failed: the server cannot be reached.'));
    xhr.onabort = () => reject(new DOMException('The upload was stopped', 'AbortError'));
    signal?.addEventListener('abort', () => xhr.abort());
    xhr.send(file);
  });
}

let openapi;
/**
 * Whether imports take dryRun=true. Today's servers ignore an unknown option, so sending it to
 * one that lacks it would run the import for real: the console asks the OpenAPI document first.
 */
export async function supportsDryRun() {
  openapi ??= fetch('/openapi.yaml', {cache: 'no-store'}).then((r) => (r.ok ? r.text() : '')).catch(() => '');
  return /\bname:\s*dryRun\b/.test(await openapi);
}
