// Home: "Live now" ranked by audience, "Upcoming" with reminders, "From people you follow", search, Create Space.
import { api } from './api.js';
import { h } from './dom.js';
import { formatPrice } from './format.js';

const refreshEvery = 15000;
const reminded = new Set(); // the API does not say whose reminders are set, so this tab remembers its own

function spaceLink(space) {
  return h('a', { href: `#/spaces/${space.id}`, class: 'space-title' }, space.title);
}

function topics(space) {
  return space.topic_ids.length ? h('span', { class: 'topics' }, space.topic_ids.map(t => `#${t}`).join(' ')) : null;
}

function liveItem(space) {
  return h('li', { class: 'space-item' }, spaceLink(space),
    h('span', { class: 'meta' }, h('span', { class: 'live-dot' }, 'LIVE'), ` ${space.participant_count} listening`,
      space.is_ticketed ? ` · ${formatPrice(space.ticket)}` : ''), topics(space));
}

// Shows the reminder state on every button for the Space: a list refresh may have replaced the one clicked.
function showReminder(spaceId) {
  for (const button of document.querySelectorAll('button[data-reminder-for]')) {
    if (button.dataset.reminderFor !== spaceId) continue;
    button.setAttribute('aria-pressed', String(reminded.has(spaceId)));
    button.textContent = reminded.has(spaceId) ? 'Reminder set' : 'Set reminder';
  }
}

function upcomingItem(space) {
  const on = reminded.has(space.id);
  const button = h('button', { type: 'button', 'data-reminder-for': space.id, 'aria-pressed': String(on) },
    on ? 'Reminder set' : 'Set reminder');
  button.addEventListener('click', async () => {
    const set = !reminded.has(space.id);
    await api(set ? 'PUT' : 'DELETE', `/v1/spaces/${space.id}/reminder`);
    if (set) reminded.add(space.id); else reminded.delete(space.id);
    showReminder(space.id);
  });
  const when = new Date(space.scheduled_start);
  return h('li', { class: 'space-item' }, spaceLink(space),
    h('span', { class: 'meta' }, h('time', { datetime: space.scheduled_start }, when.toLocaleString())), topics(space), button);
}

function section(title, items, empty) {
  const id = `h-${title.replace(/\W+/g, '-').toLowerCase()}`;
  return h('section', { class: 'card', 'aria-labelledby': id },
    h('h2', { id }, title),
    items.length ? h('ul', { class: 'spaces' }, items) : h('p', { class: 'empty' }, empty));
}

export function renderHome(main) {
  const query = h('input', { type: 'search', id: 'q', placeholder: 'Title' });
  const topic = h('input', { type: 'search', id: 'topic', placeholder: 'Topic' });
  const lists = h('div', { class: 'lists' });
  const search = h('form', { class: 'search', role: 'search' },
    h('label', { for: 'q' }, 'Search'), query,
    h('label', { for: 'topic' }, 'Topic'), topic,
    h('button', { type: 'submit' }, 'Search'));

  let loads = 0;
  async function load() {
    const mine = ++loads; // a slower earlier load (the first one, a refresh) must not overwrite a search's answer
    const filter = new URLSearchParams();
    if (query.value.trim()) filter.set('q', query.value.trim());
    if (topic.value.trim()) filter.set('topic', topic.value.trim().replace(/^#/, ''));
    const [live, upcoming, following] = await Promise.all([
      api('GET', `/v1/spaces/live?${filter}`), api('GET', `/v1/spaces/upcoming?${filter}`), api('GET', '/v1/spaces/following')]);
    if (mine !== loads) return;
    lists.replaceChildren(
      section('Live now', live.data.map(liveItem), 'Nobody is live right now.'),
      section('Upcoming', upcoming.data.map(upcomingItem), 'Nothing scheduled yet.'),
      section('From people you follow', following.data.map(s => s.state === 'live' ? liveItem(s) : upcomingItem(s)),
        'No Spaces from people you follow.'));
  }

  search.addEventListener('submit', event => { event.preventDefault(); load(); });
  main.replaceChildren(
    h('div', { class: 'home-head' }, h('h1', {}, 'Spaces'),
      h('button', { type: 'button', class: 'primary', onclick: () => { location.hash = '#/new'; } }, 'Create Space')),
    search, lists);
  load();
  const timer = setInterval(load, refreshEvery);
  return () => clearInterval(timer);
}
