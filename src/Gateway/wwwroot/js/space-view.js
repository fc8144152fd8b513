// Renders the Space page from its state: heading, status, my controls, stage, requests, audience, reactions.
import { h, morph } from './dom.js';
import { displayName as displayNameOf } from './api.js';
import { session } from './session.js';
import { reactionEmojis } from './reactions.js';
import { ticketPanel } from './tickets.js';
import { hlsDelayNotice } from './hls-audio.js';
import { recordingStatus, recordingControls } from './recording.js';

const roleLabel = { host: 'Host', cohost: 'Co-host', speaker: 'Speaker' };

function button(label, onclick, extra = {}) {
  return h('button', { type: 'button', onclick, ...extra }, label);
}

function status(s) {
  const space = s.space;
  const state = { live: 'Live', scheduled: `Scheduled for ${new Date(space.scheduled_start).toLocaleString()}`, ended: 'This Space has ended', canceled: 'This Space was canceled' }[space.state];
  return h('div', { class: 'status' },
    h('p', { role: 'status', class: `state ${space.state}` }, state),
    space.state === 'live' ? h('p', { class: 'count' }, `${s.participants.listener_count} listening`) : null,
    s.audioStatus ? h('p', { class: 'audio' }, s.audioStatus) : null,
    s.joined && s.mediaKind === 'hls' ? h('p', { class: 'hls-notice' }, hlsDelayNotice) : null,
    recordingStatus(space),
    s.online ? null : h('p', { class: 'offline' }, 'Reconnecting…'),
    s.removed ? h('p', { class: 'error' }, 'You were removed from this Space.') : null);
}

function myControls(s, a) {
  const space = s.space;
  const me = session.userId;
  const role = s.myRole();
  const controls = [];
  if (space.state === 'scheduled' && space.host_ids.includes(me)) controls.push(button('Start Space', () => a.call('POST', '/start')));
  if (space.host_ids.includes(me)) controls.push(...recordingControls(space, a, button));
  if (space.state !== 'live') return controls;
  const invited = s.participants.invited_user_ids.includes(me);
  const handUp = s.participants.hands.some(x => x.user_id === me);
  const onStage = role && role !== 'listener';
  const mine = s.participants.stage.find(m => m.user_id === me);
  if (!s.joined) controls.push(button('Join', a.join, { class: 'primary', disabled: s.removed }));
  else controls.push(button('Leave', a.leave));
  if (s.joined && s.upgradeOffered) controls.push(button('Switch to live audio', a.join, { class: 'primary' }));
  if (s.joined && invited) {
    controls.push(button('Accept invitation', () => a.call('POST', '/invitations/accept'), { class: 'primary' }),
      button('Decline', () => a.call('POST', '/invitations/decline')));
  }
  if (s.joined && !onStage && !invited) {
    controls.push(handUp ? button('Lower hand', () => a.call('DELETE', '/hand')) : button('Raise hand', () => a.call('PUT', '/hand')));
  }
  if (s.joined && mine) {
    controls.push(mine.muted ? button('Unmute me', () => a.call('DELETE', `/mute/${me}`)) : button('Mute me', () => a.call('POST', `/mute/${me}`)));
  }
  if (space.host_ids.includes(me)) controls.push(button('End Space', () => a.call('POST', '/end'), { class: 'danger' }));
  return controls;
}

// The API does not say whom the viewer follows, so this tab remembers whom it followed.
const followed = new Set();

function followButton(a, member) {
  const id = member.user_id;
  if (member.role === 'listener' || id === session.userId) return null;
  const on = followed.has(id);
  return button(on ? 'Following' : 'Follow', () => a.act(async () => {
    await a.api(on ? 'DELETE' : 'PUT', `/v1/users/${id}/follow`);
    if (on) followed.delete(id); else followed.add(id);
  }), { 'aria-pressed': String(on) });
}

function personControls(s, a, member) {
  if (!s.isModerator() || s.isOver() || member.user_id === session.userId || member.role === 'host') return [];
  const id = member.user_id;
  const amHost = s.space.host_ids.includes(session.userId);
  const controls = [];
  if (member.role === 'listener') controls.push(button('Invite to speak', () => a.call('POST', `/speakers/${id}`)));
  if (member.role === 'speaker') controls.push(button('Make co-host', () => a.call('PUT', `/cohosts/${id}`)));
  if (member.role !== 'listener' && !member.muted) controls.push(button('Mute', () => a.call('POST', `/mute/${id}`)));
  if (member.role === 'speaker' || (member.role === 'cohost' && amHost)) controls.push(button('Move to audience', () => a.call('DELETE', `/speakers/${id}`)));
  if (member.role !== 'cohost' || amHost) controls.push(button('Remove', () => a.call('POST', `/remove/${id}`), { class: 'danger' }));
  return controls;
}

function person(s, a, member, rerender) {
  const speaking = s.activeSpeakers.includes(member.user_id);
  const name = displayNameOf(member.user_id, rerender);
  return h('li', { class: `person${speaking ? ' speaking' : ''}`, 'data-user': member.user_id, 'aria-label': name },
    h('span', { class: 'avatar', 'aria-hidden': 'true' }, name.slice(0, 1).toUpperCase()),
    h('span', { class: 'who' }, h('span', { class: 'name' }, name),
      roleLabel[member.role] ? h('span', { class: 'role' }, roleLabel[member.role]) : null,
      member.role !== 'listener' && member.muted !== null ? h('span', { class: member.muted ? 'muted' : 'unmuted' }, member.muted ? 'Muted' : 'Unmuted') : null,
      speaking ? h('span', { class: 'speaking-label' }, 'Speaking') : null),
    h('span', { class: 'person-actions' }, followButton(a, member), personControls(s, a, member)));
}

function requests(s, a, rerender) {
  if (!s.isModerator() || s.isOver()) return null;
  const items = s.participants.hands.map(hand => h('li', { class: 'person', 'data-user': hand.user_id },
    h('span', { class: 'name' }, displayNameOf(hand.user_id, rerender)),
    h('span', { class: 'person-actions' },
      button('Accept', () => a.call('POST', `/speakers/${hand.user_id}`), { class: 'primary' }),
      button('Dismiss', () => a.call('DELETE', `/hands/${hand.user_id}`)))));
  return h('section', { class: 'card', 'aria-labelledby': 'requests-h' }, h('h2', { id: 'requests-h' }, 'Requests'),
    items.length ? h('ul', { class: 'people' }, items) : h('p', { class: 'empty' }, 'No raised hands.'));
}

export function renderSpaceView(main, s, a) {
  const rerender = () => renderSpaceView(main, s, a);
  if (!s.space || !s.participants) {
    morph(main, [h('p', { role: s.error ? 'alert' : 'status' }, s.error || 'Loading…')]);
    return;
  }
  const stage = s.participants.stage.map(m => person(s, a, m, rerender));
  const audience = s.isModerator() && !s.isOver()
    ? s.participants.listeners.filter(id => !s.participants.stage.some(m => m.user_id === id))
      .map(id => person(s, a, { user_id: id, role: 'listener', muted: false }, rerender))
    : [];
  const live = s.space.state === 'live';
  const view = h('article', { class: 'space' },
    h('h1', {}, s.space.title),
    status(s),
    s.space.is_ticketed ? ticketPanel(s, a) : null,
    h('div', { class: 'controls' }, myControls(s, a)),
    s.error ? h('p', { class: 'error', role: 'alert' }, s.error) : null,
    live && s.joined ? h('div', { class: 'reaction-bar', role: 'group', 'aria-label': 'Reactions' },
      reactionEmojis.map(emoji => button(emoji, () => a.call('POST', '/reactions', { emoji }), { class: 'emoji' }))) : null,
    h('section', { class: 'card', 'aria-labelledby': 'stage-h' }, h('h2', { id: 'stage-h' }, 'Stage'), h('ul', { class: 'people stage' }, stage)),
    requests(s, a, rerender),
    audience.length ? h('section', { class: 'card', 'aria-labelledby': 'audience-h' }, h('h2', { id: 'audience-h' }, 'Listeners'),
      h('ul', { class: 'people' }, audience)) : null);
  // A button is the same button across renders when it does the same thing to the same person.
  for (const el of view.querySelectorAll('button')) el.dataset.key = `${el.closest('[data-user]')?.dataset.user ?? ''}:${el.textContent}`;
  morph(main, [view]);
}
