// Entry point: sign-in, the account bar, notifications as toasts, and the hash router (#/ and #/spaces/{id}).
import { api } from './api.js';
import { h, field, showError, toast } from './dom.js';
import { session, restoreSession, signInWithName, signOut } from './session.js';
import { onNotification, disconnect } from './realtime.js';
import { renderHome } from './home.js';
import { renderSpace } from './space.js';
import { openCreateForm } from './create.js';

const main = document.getElementById('app');
let leaveView = () => {};

const notificationText = {
  space_starting_soon: n => `“${n.title}” starts soon`,
  space_started: n => `“${n.title}” is live now`,
  speaker_invitation: n => `You are invited to speak in “${n.title}”`,
};

function renderSignIn() {
  const name = h('input', { type: 'text', autocomplete: 'nickname', required: true });
  const form = h('form', { class: 'card narrow' },
    h('h1', {}, 'Sign in'),
    field('Name', 'name', name),
    h('p', { class: 'field-error', 'data-field': '' }),
    h('button', { type: 'submit', class: 'primary' }, 'Sign in'));
  form.addEventListener('submit', async event => {
    event.preventDefault();
    try {
      await signInWithName(name.value, api);
      start();
    } catch (error) {
      // Outside development there is no dev sign-in: the host page must hand the app a token.
      const message = error.status === 404 ? 'Sign-in by name is only available in development; open the app with a token.' : error.message;
      showError(form, { field: 'name', message });
    }
  });
  main.replaceChildren(form);
  name.focus();
}

function renderAccount() {
  const account = document.getElementById('account');
  account.replaceChildren(session.token
    ? h('span', {}, h('span', { class: 'me' }, session.name), ' ',
      h('button', { class: 'link', onclick: () => { signOut(); disconnect(); location.hash = '#/'; location.reload(); } }, 'Sign out'))
    : '');
}

function route() {
  leaveView();
  const match = location.hash.match(/^#\/spaces\/([A-Za-z0-9]+)/);
  if (match) leaveView = renderSpace(main, match[1]);
  else if (location.hash === '#/new') leaveView = openCreateForm(main);
  else leaveView = renderHome(main);
}

function start() {
  renderAccount();
  onNotification(n => toast((notificationText[n.kind] ?? (x => x.title))(n),
    h('a', { href: `#/spaces/${n.space_id}` }, 'Open')));
  window.addEventListener('hashchange', route);
  route();
}

window.spacesLoadedAt = Date.now(); // a marker tests use to prove that catching up needed no page reload
if (restoreSession()) start(); else renderSignIn();
