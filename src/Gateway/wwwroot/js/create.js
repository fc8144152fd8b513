// The "Create Space" form: title, topics, language, now or later, optional ticket; API errors land by their field.
import { api } from './api.js';
import { h, field, showError } from './dom.js';
import { currencyDigits } from './format.js';

function minorUnits(amount, currency) {
  return Math.round(Number(amount) * 10 ** currencyDigits(currency));
}

function request(form) {
  const value = name => form.elements[name].value.trim();
  const body = { title: value('title') };
  const topics = value('topic_ids').split(/[\s,]+/).map(t => t.replace(/^#/, '')).filter(Boolean);
  if (topics.length) body.topic_ids = topics;
  if (value('lang')) body.lang = value('lang');
  if (form.elements.start.value === 'later') {
    const at = value('scheduled_start');
    body.scheduled_start = at ? new Date(at).toISOString() : null;
  }
  if (value('ticket.price')) {
    const currency = value('ticket.currency').toUpperCase() || 'USD';
    let price;
    try { price = minorUnits(value('ticket.price'), currency); } catch { price = null; }
    body.ticket = { price, currency, capacity: value('ticket.capacity') ? Number(value('ticket.capacity')) : null };
  }
  return body;
}

export function openCreateForm(main) {
  const startNow = h('input', { type: 'radio', name: 'start', value: 'now', id: 'start-now', checked: true });
  const startLater = h('input', { type: 'radio', name: 'start', value: 'later', id: 'start-later' });
  const when = field('Start time', 'scheduled_start', h('input', { type: 'datetime-local' }));
  when.hidden = true;
  for (const radio of [startNow, startLater]) radio.addEventListener('change', () => { when.hidden = startNow.checked; });

  const form = h('form', { class: 'card create', novalidate: true },
    h('h1', {}, 'Create Space'),
    field('Title', 'title', h('input', { type: 'text', maxlength: 200 })),
    field('Topics', 'topic_ids', h('input', { type: 'text', placeholder: 'coffee, music' })),
    field('Language', 'lang', h('input', { type: 'text', value: document.documentElement.lang || 'en', size: 3 })),
    h('fieldset', {}, h('legend', {}, 'Start'),
      h('div', { class: 'choice' }, startNow, h('label', { for: 'start-now' }, 'Now')),
      h('div', { class: 'choice' }, startLater, h('label', { for: 'start-later' }, 'At a time')), when),
    h('fieldset', {}, h('legend', {}, 'Tickets (optional)'),
      field('Ticket price', 'ticket.price', h('input', { type: 'number', min: '0', step: '0.01', inputmode: 'decimal' })),
      field('Currency', 'ticket.currency', h('input', { type: 'text', value: 'USD', size: 3 })),
      field('Capacity', 'ticket.capacity', h('input', { type: 'number', min: '1', step: '1' }))),
    h('p', { class: 'field-error', 'data-field': '', id: 'create-error' }),
    h('div', { class: 'actions' },
      h('a', { href: '#/', class: 'button' }, 'Cancel'),
      h('button', { type: 'submit', class: 'primary' }, 'Create')));

  form.addEventListener('submit', async event => {
    event.preventDefault();
    try {
      const space = await api('POST', '/v1/spaces', request(form));
      location.hash = `#/spaces/${space.id}`;
    } catch (error) {
      showError(form, error);
    }
  });
  main.replaceChildren(form);
  form.elements.title.focus();
  return () => {};
}
