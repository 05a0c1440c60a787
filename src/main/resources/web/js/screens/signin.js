// Sign in with an API key: checked against the API first, then kept for this tab only.
import {ApiError, request} from '../api.js';
import {signIn} from '../session.js';
import {add, errorBox, field, fill, h} from '../ui.js';

export async function render(main, _args, ctx) {
  const input = h('input', {type: 'password', id: 'api-key', autocomplete: 'off', spellcheck: 'false', required: true});
  const errors = h('div', {id: 'signin-error'});
  const submit = h('button', {type: 'submit', class: 'primary'}, 'Sign in');
  const form = h('form', {class: 'card narrow', 'aria-labelledby': 'signin-title'},
    h('h1', {id: 'signin-title'}, 'Sign in to Freight'),
    h('p', {}, 'Paste an API key. A new installation writes its admin key to ',
      h('code', {}, 'freight-data/admin.key'), '. The key stays in this browser tab and is sent only to this server.'),
    field('API key', input),
    errors,
    h('div', {class: 'actions'}, submit));
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    const key = input.value.trim();
    if (!key) return;
    submit.disabled = true;
    fill(errors);
    try {
      await request('GET', '/v1/tables', {key, signal: ctx.signal});
      signIn(key);
      ctx.refresh();
    } catch (err) {
      if (err.name === 'AbortError') return;
      fill(errors, errorBox(err instanceof ApiError ? err : {detail: err.message}));
      input.focus();
      input.select();
    } finally {
      submit.disabled = false;
    }
  });
  add(main, form);
}
