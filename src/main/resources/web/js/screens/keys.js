// API keys (admin): create one for a workspace and role (its secret is shown once), list, revoke.
import {api, path} from '../api.js';
import {add, confirmDialog, dataTable, errorBox, field, fill, fmtTime, h, notice, select} from '../ui.js';

const ROLES = [['write', 'write — imports and reads'], ['read', 'read — reads only'], ['admin', 'admin — everything, keys and tables too']];
// Keys made in this tab, for revoking them where the server cannot list keys yet (never their secrets).
const madeHere = [];

function revokeButton(k, onRevoked, errors) {
  const label = k.name ? `${k.name} (${k.workspace ?? ''}, ${k.role ?? ''})` : k.id;
  return h('button', {type: 'button', class: 'danger small', 'aria-label': `Revoke key ${label}`, onclick: async () => {
    const ok = await confirmDialog({title: 'Revoke this key?', message: `Key ${label} stops working at once, for every client using it.`,
      confirm: 'Revoke key'});
    if (!ok) return;
    try {
      await api.delete(path('v1', 'keys', k.id));
      onRevoked(k);
    } catch (e) {
      fill(errors, errorBox(e));
    }
  }}, 'Revoke');
}

function keyTable(keys, onRevoked, errors) {
  return dataTable('API keys', ['Name', 'Workspace', 'Role', 'Groups', 'Created', 'Last used', 'Id', ''],
    keys.map((k) => h('tr', {'data-key-id': k.id},
      h('th', {scope: 'row'}, k.name ?? ''), h('td', {}, k.workspace ?? ''), h('td', {}, k.role ?? ''),
      h('td', {}, (k.groups ?? []).join(', ')), h('td', {}, fmtTime(k.createdAt ?? k.created)),
      h('td', {}, fmtTime(k.lastUsedAt ?? k.lastUsed)), h('td', {}, h('code', {}, k.id)),
      h('td', {}, k.revoked ? 'revoked' : revokeButton(k, onRevoked, errors)))), {id: 'keys-table'});
}

function createForm(onCreated) {
  const workspace = h('input', {type: 'text', id: 'key-workspace', autocomplete: 'off', spellcheck: 'false', placeholder: 'this key\'s workspace'});
  const role = select({id: 'key-role'}, ROLES, 'write');
  const name = h('input', {type: 'text', id: 'key-name', autocomplete: 'off'});
  const groups = h('input', {type: 'text', id: 'key-groups', autocomplete: 'off', spellcheck: 'false'});
  const result = h('div', {id: 'new-key', 'aria-live': 'polite'});
  const form = h('form', {'aria-labelledby': 'create-key-title', class: 'card'},
    h('h2', {id: 'create-key-title'}, 'Create a key'),
    h('div', {class: 'grid'},
      field('Workspace', workspace, 'Empty: your own. A new name creates that workspace.'),
      field('Role', role), field('Name', name, 'Who or what uses it, e.g. nightly-loader.'),
      field('Groups (optional)', groups, 'Comma-separated: the key reads only rows of these groups.')),
    h('div', {class: 'actions'}, h('button', {type: 'submit', class: 'primary'}, 'Create key')),
    result);
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    const body = {role: role.value, name: name.value.trim() || null};
    if (workspace.value.trim()) body.workspace = workspace.value.trim();
    const g = groups.value.split(',').map((x) => x.trim()).filter(Boolean);
    if (g.length) body.groups = g;
    try {
      const k = await api.post('/v1/keys', body);
      const secret = h('input', {type: 'text', id: 'new-key-secret', readonly: true, value: k.key, 'aria-label': 'The new key', spellcheck: 'false'});
      const copy = h('button', {type: 'button', onclick: async () => {
        secret.select();
        try { await navigator.clipboard.writeText(k.key); fill(copy, 'Copied'); } catch { fill(copy, 'Press Ctrl+C to copy'); }
      }}, 'Copy');
      fill(result, notice(`Key ${k.name ?? k.id} for workspace ${k.workspace} (${k.role}). Copy it now: it is not shown again.`, 'success',
        h('div', {class: 'secret'}, secret, copy)));
      secret.focus();
      secret.select();
      onCreated(k);
    } catch (err) {
      fill(result, errorBox(err));
    }
  });
  return form;
}

export async function render(main, _args, {signal}) {
  const listSlot = h('div', {id: 'key-list'});
  const errors = h('div', {id: 'keys-status', 'aria-live': 'polite'});
  let listed = null; // the server's list, or null where it cannot list keys

  const draw = () => {
    const keys = listed ?? madeHere;
    const onRevoked = (k) => {
      k.revoked = true;
      if (listed) listed = listed.filter((x) => x.id !== k.id);
      fill(errors, notice(`Key ${k.name ?? k.id} revoked.`, 'success'));
      draw();
    };
    fill(listSlot,
      listed ? null : notice('This server cannot list keys yet (GET /v1/keys is missing): below are the keys created in this tab, and any key can be revoked by its id.', 'warning'),
      keys.length ? keyTable(keys, onRevoked, errors) : h('p', {}, 'No keys to show.'),
      listed ? null : revokeById(onRevoked));
  };
  const load = async () => {
    try {
      listed = (await api.get('/v1/keys', {signal})).items;
    } catch (e) {
      if (e.name === 'AbortError') return;
      if (!e.missingRoute) fill(errors, errorBox(e));
      listed = null;
    }
    draw();
  };

  add(main, h('h1', {}, 'API keys'),
    h('p', {class: 'hint'}, 'Managing keys needs an admin key. A key of the default workspace manages every workspace\'s keys.'),
    createForm(({key: _secret, ...k}) => {
      madeHere.push({...k, createdAt: new Date().toISOString()});
      load();
    }),
    h('section', {'aria-labelledby': 'keys-title'}, h('h2', {id: 'keys-title'}, 'Keys'), errors, listSlot));
  await load();
}

function revokeById(onRevoked) {
  const id = h('input', {type: 'text', id: 'revoke-id', autocomplete: 'off', spellcheck: 'false', required: true});
  const errors = h('div');
  const form = h('form', {class: 'inline', 'aria-label': 'Revoke a key by its id'},
    field('Key id', id), h('button', {type: 'submit', class: 'danger'}, 'Revoke'), errors);
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    const k = madeHere.find((x) => x.id === id.value.trim()) ?? {id: id.value.trim()};
    const ok = await confirmDialog({title: 'Revoke this key?', message: `Key ${k.id} stops working at once.`, confirm: 'Revoke key'});
    if (!ok) return;
    try {
      await api.delete(path('v1', 'keys', k.id));
      onRevoked(k);
    } catch (err) {
      fill(errors, errorBox(err));
    }
  });
  return form;
}
