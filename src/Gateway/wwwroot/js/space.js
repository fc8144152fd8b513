// The Space page: loads the Space, follows its events over the WebSocket, and holds what the view renders.
import { api } from './api.js';
import { toast } from './dom.js';
import { session } from './session.js';
import { follow, onConnectionChange, resubscribe } from './realtime.js';
import { createAudio } from './audio.js';
import { createHlsAudio } from './hls-audio.js';
import { floatCoalescedReactions, floatReaction } from './reactions.js';
import { renderSpaceView } from './space-view.js';

function stageFromSnapshot(snapshot, previous) {
  const present = new Map(previous.map(m => [m.user_id, m.present]));
  const member = role => id => ({ user_id: id, role, muted: snapshot.muted_user_ids?.includes(id) ?? null, present: present.get(id) ?? true });
  return [...snapshot.host_ids.map(member('host')), ...snapshot.cohost_ids.map(member('cohost')), ...snapshot.speaker_ids.map(member('speaker'))];
}

// For a user who may not watch (yet): the stage and a listener count as the Space itself tells them (muted unknown).
function participantsFromSpace(space) {
  const stage = stageFromSnapshot(space, []);
  const listenerCount = Math.max(0, space.participant_count - stage.length); // counts the whole stage as present
  return { stage, hands: [], invited_user_ids: space.invited_user_ids, listeners: [], listener_count: listenerCount };
}

export function renderSpace(main, spaceId) {
  const s = {
    id: spaceId, space: null, participants: null, joined: false, hasTicket: false, refused: false,
    removed: false, online: true, audioStatus: '', activeSpeakers: [], error: '', checkout: null,
    mediaKind: null, upgradeOffered: false,
  };
  const path = `/v1/spaces/${spaceId}`;
  let audio = null;
  let autoJoined = false;
  let refreshTimer = null;
  let shown = true; // false once the user navigated away: late answers must not draw over the next page

  s.myRole = () => s.participants?.stage.find(m => m.user_id === session.userId)?.role ?? (s.joined ? 'listener' : null);
  s.isModerator = () => ['host', 'cohost'].includes(s.myRole() ?? (s.space?.host_ids.includes(session.userId) ? 'host' : null));
  s.isOver = () => ['ended', 'canceled'].includes(s.space?.state);

  const render = () => { if (shown) renderSpaceView(main, s, actions); };

  function syncMicrophone() {
    const me = s.participants?.stage.find(m => m.user_id === session.userId);
    audio?.setMicrophone(Boolean(s.joined && me && !me.muted && !s.isOver()));
  }

  // The user may not watch (removed by a host, or a ticketed Space without a ticket): they see only what it is.
  function refused(code) {
    s.refused = true;
    if (code === 'removed_from_space') s.removed = true;
  }

  // Once the user may watch (a ticket bought, a join let in): follow the Space live again, and load who is in it.
  function watchAgain() {
    if (!s.refused) return;
    resubscribe(spaceId);
    load();
  }

  async function load(space) {
    try {
      const [view, participants, tickets] = await Promise.all([
        space ?? api('GET', path),
        api('GET', `${path}/participants`).catch(error => {
          if (error.status !== 403) throw error;
          refused(error.code);
          return null;
        }),
        api('GET', '/v1/users/me/tickets')]);
      Object.assign(s, { space: view, participants: participants ?? participantsFromSpace(view), refused: !participants, error: '' });
      s.hasTicket = tickets.data.some(t => t.space_id === spaceId && t.state === 'paid');
      if (!autoJoined && view.state === 'live' && view.host_ids.includes(session.userId)) {
        autoJoined = true; // the host is in their own Space when they open it
        await actions.join();
      }
    } catch (error) {
      s.error = error.message;
    }
    if (s.isOver()) audio?.disconnect();
    syncMicrophone();
    render();
  }

  // The listener page is not in the events (only its size is): moderators re-read it when the audience changes.
  function refreshParticipantsSoon() {
    clearTimeout(refreshTimer);
    refreshTimer = setTimeout(async () => {
      try {
        s.participants = { ...await api('GET', `${path}/participants`), stage: s.participants.stage };
        render();
      } catch {
        // The next audience change tries again.
      }
    }, 300);
  }

  const handlers = {
    'space.updated': e => { s.space = e.space; },
    'space.started': e => { s.space = e.space; },
    'space.ended': e => { s.space = e.space; audio?.disconnect(); },
    'space.canceled': e => { s.space = e.space; },
    'stage.changed': e => {
      s.participants.stage = stageFromSnapshot(e.stage, s.participants.stage);
      s.participants.invited_user_ids = e.stage.invited_user_ids;
      s.space = { ...s.space, host_ids: e.stage.host_ids, cohost_ids: e.stage.cohost_ids, speaker_ids: e.stage.speaker_ids };
      // The client rule for switching tiers: on stage, an HLS listener joins again and gets a WebRTC token to talk with.
      if (s.joined && s.mediaKind === 'hls' && s.myRole() !== 'listener') actions.join();
    },
    'media.upgrade_offered': e => { s.upgradeOffered = s.joined && s.mediaKind === 'hls' && e.seats > 0; },
    'recording.changed': e => { s.space = { ...s.space, recording: e.recording }; },
    'hand.raised': e => {
      if (!s.participants.hands.some(x => x.user_id === e.user_id)) s.participants.hands.push({ user_id: e.user_id, raised_at: e.at });
    },
    'hand.lowered': e => { s.participants.hands = s.participants.hands.filter(x => x.user_id !== e.user_id); },
    'speaker.invited': e => {
      if (!s.participants.invited_user_ids.includes(e.user_id)) s.participants.invited_user_ids.push(e.user_id);
    },
    'participant.removed': e => {
      s.participants.listeners = s.participants.listeners.filter(id => id !== e.user_id);
      if (e.user_id === session.userId) { s.removed = true; s.joined = false; audio?.disconnect(); }
    },
    'reaction': e => floatReaction(e.emoji, e.user_id),
    'reactions.coalesced': e => floatCoalescedReactions(e.counts),
    'audience.count': e => {
      s.participants.listener_count = e.listener_count;
      if (s.isModerator()) refreshParticipantsSoon();
    },
  };

  function onEvent(event) {
    if (!s.participants || !s.space) return; // still loading: the load that is under way includes this event
    handlers[event.type]?.(event);
    syncMicrophone();
    render();
  }

  async function act(call) {
    try {
      s.error = '';
      await call();
    } catch (error) {
      s.error = error.message;
      if (error.code === 'ticket_required') s.checkout = { key: null };
    }
    render();
  }

  const actions = {
    act,
    api,
    join: () => act(async () => {
      const joined = await api('POST', `${path}/join`);
      // Beyond the WebRTC seats the answer is an HLS playlist (kind "hls"); answers without a kind are WebRTC.
      Object.assign(s, { joined: true, removed: false, mediaKind: joined.media?.kind ?? 'webrtc', upgradeOffered: false });
      audio?.disconnect();
      const player = s.mediaKind === 'hls' ? createHlsAudio : createAudio;
      audio = player({
        onStatus: status => { s.audioStatus = status; render(); },
        onActiveSpeakers: ids => { s.activeSpeakers = ids; render(); },
      });
      audio.connect(joined.media);
      syncMicrophone();
      watchAgain();
    }),
    leave: () => act(async () => {
      await api('POST', `${path}/leave`);
      Object.assign(s, { joined: false, mediaKind: null, upgradeOffered: false, audioStatus: '' });
      audio?.disconnect();
    }),
    call: (method, suffix, body) => act(() => api(method, `${path}${suffix}`, body)),
    purchased: () => { s.hasTicket = true; s.checkout = null; s.error = ''; render(); watchAgain(); },
    setCheckout: checkout => { s.checkout = checkout; render(); },
  };

  load(); // at once; again when the subscription is confirmed, so nothing between the two is missed
  const stopFollowing = follow(spaceId, onEvent, load, frame => { refused(frame.code); render(); });
  const stopWatching = onConnectionChange(online => { s.online = online; render(); });
  render();
  return () => {
    shown = false;
    stopFollowing();
    stopWatching();
    clearTimeout(refreshTimer);
    audio?.disconnect();
    if (s.joined) api('POST', `${path}/leave`).catch(() => toast('Leaving the Space failed.'));
  };
}
