// Audio through LiveKit (livekit-client from npm, copied to /lib by the build). Listeners hear the room; people on
// stage publish their microphone when unmuted. Any failure leaves the rest of the app working: "Audio unavailable".
const bundle = '/lib/livekit-client.esm.mjs';
const connectTimeoutMs = 8000;

export function createAudio({ onStatus, onActiveSpeakers }) {
  let room = null;
  let wantMicrophone = false;
  let closed = false;

  async function applyMicrophone() {
    if (!room) return;
    try {
      await room.localParticipant.setMicrophoneEnabled(wantMicrophone); // the browser asks for the microphone once
    } catch {
      onStatus('Microphone unavailable');
    }
  }

  async function connect(media) {
    if (!media?.url || !media?.token) { onStatus('Audio unavailable'); return; }
    onStatus('Connecting audio…');
    try {
      const livekit = await import(bundle);
      const next = new livekit.Room();
      next.on(livekit.RoomEvent.TrackSubscribed, track => {
        if (track.kind === 'audio') document.body.append(Object.assign(track.attach(), { hidden: true }));
      });
      next.on(livekit.RoomEvent.TrackUnsubscribed, track => track.detach().forEach(el => el.remove()));
      next.on(livekit.RoomEvent.ActiveSpeakersChanged, speakers => onActiveSpeakers(speakers.map(p => p.identity)));
      next.on(livekit.RoomEvent.Disconnected, () => { if (room === next) { room = null; onStatus('Audio unavailable'); } });
      const timeout = new Promise((_, reject) => setTimeout(() => reject(new Error('timeout')), connectTimeoutMs));
      await Promise.race([next.connect(media.url, media.token, { maxRetries: 1, websocketTimeout: connectTimeoutMs }), timeout]);
      if (closed) { next.disconnect(); return; }
      room = next;
      await room.startAudio();
      onStatus('Audio on');
      await applyMicrophone();
    } catch {
      onStatus('Audio unavailable');
    }
  }

  return {
    connect,
    /** On stage and not muted: publish; otherwise stop publishing. */
    setMicrophone(on) {
      if (on === wantMicrophone) return;
      wantMicrophone = on;
      applyMicrophone();
    },
    disconnect() {
      closed = true;
      room?.disconnect();
      room = null;
      onActiveSpeakers([]);
    },
  };
}
