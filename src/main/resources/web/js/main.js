// The console's shell: the hash router (#/tables, #/jobs/ID, …), the sign-in gate and the
// navigation. Each screen is a module exporting render(main, params, ctx); leaving a screen
// aborts ctx.signal, which stops its requests and live streams.
import {onUnauthorized} from './api.js';
import {currentKey, signOut} from './session.js';
import {fill, notice} from './ui.js';
import * as signin from './screens/signin.js';
import * as tables from './screens/tables.js';
import * as table from './screens/table.js';
import * as createTable from './screens/create-table.js';
import * as importFile from './screens/import.js';
import * as jobs from './screens/jobs.js';
import * as job from './screens/job.js';
import * as keys from './screens/keys.js';

const ROUTES = [
  [/^\/tables$/, tables],
  [/^\/tables\/new$/, createTable],
  [/^\/tables\/([^/]+)$/, table],
  [/^\/import(?:\/([^/]+))?$/, importFile],
  [/^\/jobs$/, jobs],
  [/^\/jobs\/([^/]+)$/, job],
  [/^\/keys$/, keys],
];

const main = document.getElementById('main');
const nav = document.getElementById('nav');
let current = null; // the AbortController of the screen shown

export function navigate(hash) {
  if (location.hash === hash) show();
  else location.hash = hash;
}

function parse(hash) {
  const [route, search = ''] = hash.replace(/^#/, '').split('?');
  return {route: route || '/tables', params: new URLSearchParams(search)};
}

async function show({message} = {}) {
  current?.abort();
  current = new AbortController();
  const {signal} = current;
  const {route, params} = parse(location.hash);
  const signedIn = Boolean(currentKey());
  document.body.classList.toggle('signed-in', signedIn);
  let screen = signin;
  let args = [];
  if (signedIn) {
    const match = ROUTES.map(([re, s]) => [route.match(re), s]).find(([m]) => m);
    if (!match) {
      navigate('#/tables');
      return;
    }
    screen = match[1];
    args = match[0].slice(1).map((a) => (a === undefined ? undefined : decodeURIComponent(a)));
  }
  markCurrent(route, signedIn);
  main.replaceChildren();
  main.setAttribute('aria-busy', 'true');
  if (message) main.append(message);
  try {
    await screen.render(main, args, {params, signal, navigate, refresh: () => show()});
  } catch (e) {
    if (e.name === 'AbortError' || signal.aborted) return;
    main.append(notice(`This screen failed: ${e.detail ?? e.message}`, 'error'));
  }
  if (signal.aborted) return;
  main.setAttribute('aria-busy', 'false');
  const heading = main.querySelector('h1');
  document.title = heading ? `${heading.textContent} · Freight` : 'Freight';
  // move focus to the new screen's heading, so keyboard and screen-reader users start there
  if (heading && !main.contains(document.activeElement)) {
    heading.tabIndex = -1;
    heading.focus({preventScroll: true});
  }
}

function markCurrent(route, signedIn) {
  nav.hidden = !signedIn;
  for (const a of nav.querySelectorAll('a[data-section]')) {
    if (route.startsWith(`/${a.dataset.section}`)) a.setAttribute('aria-current', 'page');
    else a.removeAttribute('aria-current');
  }
}

onUnauthorized((err) => {
  signOut();
  show({message: notice(`Your key was refused: ${err.detail} Sign in again.`, 'error')});
});

document.getElementById('sign-out').addEventListener('click', () => {
  signOut();
  navigate('#/tables');
  fill(document.getElementById('announce'), 'Signed out.');
});

// the skip link moves focus without touching the hash the router reads
document.getElementById('skip').addEventListener('click', (e) => {
  e.preventDefault();
  main.focus();
});

window.addEventListener('hashchange', () => {
  if (location.hash.startsWith('#/') || location.hash === '') show();
});
show();
