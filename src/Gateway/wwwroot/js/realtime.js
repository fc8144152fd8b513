// The one WebSocket: subscriptions per Space with seq tracking, resume after a drop, per-user notifications.
import { session } from './session.js';

const feeds = new Map(); // spaceId -> { lastSeq, refused, onEvent, onReset, onRefused }
const listeners = { notification: new Set(), status: new Set() };
let socket = null;
let retryDelay = 500;

function send(message) {
  if (socket?.readyState === WebSocket.OPEN) socket.send(JSON.stringify(message));
}

function subscribeFrame(spaceId, feed) {
  return feed.lastSeq === null ? { type: 'subscribe', space_id: spaceId } : { type: 'subscribe', space_id: spaceId, since_seq: feed.lastSeq };
}

function setStatus(online) {
  for (const listener of listeners.status) listener(online);
}

function onFrame(frame) {
  if (frame.type === 'notification') {
    for (const listener of listeners.notification) listener(frame.notification);
    return;
  }
  const feed = feeds.get(frame.space_id);
  if (!feed) return;
  if (frame.type === 'subscribed') {
    if (feed.lastSeq === null) {
      feed.lastSeq = frame.seq;
      feed.onReset(); // first subscription: load the Space as of now; events after frame.seq follow
    }
  } else if (frame.type === 'error') {
    feed.refused = true; // not asked again, even after a reconnect, until the page calls resubscribe
    feed.onRefused(frame);
  } else if (frame.type === 'resync') {
    feed.lastSeq = frame.seq;
    feed.onReset(frame.space);
  } else if (typeof frame.seq === 'number' && feed.lastSeq !== null) {
    if (frame.seq <= feed.lastSeq) return; // already seen (a replay overlapping live events)
    const gap = frame.seq > feed.lastSeq + 1;
    feed.lastSeq = frame.seq;
    if (gap) feed.onReset(); // something was missed: re-fetch the Space rather than guess
    else feed.onEvent(frame);
  }
}

function connect() {
  if (!session.token || socket) return;
  const url = new URL('/v1/ws', location.href);
  url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:';
  url.searchParams.set('access_token', session.token);
  const ws = new WebSocket(url);
  socket = ws;
  ws.onopen = () => {
    retryDelay = 500;
    setStatus(true);
    for (const [spaceId, feed] of feeds) if (!feed.refused) ws.send(JSON.stringify(subscribeFrame(spaceId, feed)));
  };
  ws.onmessage = message => onFrame(JSON.parse(message.data));
  ws.onclose = () => {
    if (socket !== ws) return;
    socket = null;
    setStatus(false);
    if (session.token) setTimeout(connect, retryDelay);
    retryDelay = Math.min(retryDelay * 2, 5000);
  };
}

/**
 * Follows a Space: onReset(space?) loads it as of now, onEvent(event) applies each event in order, onRefused(frame)
 * hears a refused subscription ({code, detail}, e.g. ticket_required).
 */
export function follow(spaceId, onEvent, onReset, onRefused) {
  const feed = { lastSeq: null, refused: false, onEvent, onReset, onRefused };
  feeds.set(spaceId, feed);
  connect();
  send(subscribeFrame(spaceId, feed));
  return () => {
    feeds.delete(spaceId);
    send({ type: 'unsubscribe', space_id: spaceId });
  };
}

/** Asks again for a Space whose subscription was refused, once the user may watch it (say, after buying a ticket). */
export function resubscribe(spaceId) {
  const feed = feeds.get(spaceId);
  if (!feed?.refused) return;
  feed.refused = false;
  send(subscribeFrame(spaceId, feed));
}

export function onNotification(listener) {
  listeners.notification.add(listener);
  connect();
}

export function onConnectionChange(listener) {
  listeners.status.add(listener);
  return () => listeners.status.delete(listener);
}

export function disconnect() {
  const ws = socket;
  socket = null;
  ws?.close();
}

// For tests and debugging: drop the socket as a network would; the app reconnects and resumes.
window.spacesRealtime = { drop: () => socket?.close(4000, 'dropped') };
