// "Buy ticket": a checkout panel paying through the gateway's payment provider (the embedded one in development).
import { api } from './api.js';
import { h } from './dom.js';
import { formatPrice } from './format.js';
import { session } from './session.js';

function idempotencyKey() {
  return Array.from(crypto.getRandomValues(new Uint8Array(16)), b => b.toString(16).padStart(2, '0')).join('');
}

/** The ticket line of a ticketed Space, with the buy flow for people who have no ticket yet. */
export function ticketPanel(s, actions) {
  const ticket = s.space.ticket;
  const line = h('p', { class: 'ticket' }, `Ticket ${formatPrice(ticket)} · ${ticket.sold} of ${ticket.capacity} sold`);
  if (s.hasTicket) return h('div', {}, line, h('p', { class: 'ok' }, 'You have a ticket.'));
  if (s.space.host_ids.includes(session.userId) || s.isOver()) return line;
  if (!s.checkout) {
    return h('div', {}, line, h('button', { type: 'button', class: 'primary', onclick: () => actions.setCheckout({ key: null }) }, 'Buy ticket'));
  }

  // One key per checkout: a retried "Pay" never charges twice.
  const key = s.checkout.key ?? (s.checkout.key = idempotencyKey());
  const pay = async () => {
    await actions.act(async () => {
      const bought = await api('POST', `/v1/spaces/${s.id}/tickets`, {}, { 'Idempotency-Key': key });
      if (bought.state === 'paid') actions.purchased();
      else actions.setCheckout({ key, pending: true });
    });
  };
  return h('div', { class: 'checkout card', role: 'group', 'aria-label': 'Checkout' }, line,
    h('p', {}, s.checkout.pending ? 'Payment pending: confirm it with your bank, then press Pay again.' : 'Pay with the card on file.'),
    h('div', { class: 'actions' },
      h('button', { type: 'button', onclick: () => actions.setCheckout(null) }, 'Cancel'),
      h('button', { type: 'button', class: 'primary', onclick: pay }, `Pay ${formatPrice(ticket)}`)));
}
