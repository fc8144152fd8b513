// Listening over HLS: a listener beyond the Space's WebRTC seats gets `media: {kind: "hls", url}` from join and plays
// the Space's live playlist, a few seconds behind the room. hls.js (from npm, copied to /lib by the build) plays it
// wherever the browser has Media Source Extensions; where it has none but plays HLS itself (Safari on older iPhones)
// the audio element does. Listen-only: no microphone, no active speakers. Same shape as createAudio (audio.js).
const bundle = '/lib/hls.mjs';
const hlsMimeType = 'application/vnd.apple.mpegurl';
const playlistRetryMs = 3000; // the stream starts with the first overflow listener: its playlist may not exist yet

export const hlsDelayNotice = 'You hear this Space a few seconds late.';

export function createHlsAudio({ onStatus }) {
  let hls = null;
  let element = null;
  let closed = false;
  let retry = null;

  function play() {
    // Autoplay may be refused until the user interacts; join is a click, so it normally is allowed.
    element.play().then(() => onStatus('Audio on'), () => onStatus('Tap to hear the Space'));
  }

  async function connect(media) {
    if (!media?.url) { onStatus('Audio unavailable'); return; }
    onStatus('Connecting audio…');
    element = Object.assign(document.createElement('audio'), { hidden: true });
    document.body.append(element);
    try {
      const { default: Hls } = await import(bundle);
      if (closed) return;
      if (Hls.isSupported()) {
        hls = new Hls();
        hls.on(Hls.Events.MANIFEST_PARSED, play);
        hls.on(Hls.Events.ERROR, (_, data) => {
          if (!data.fatal) return;
          if (data.type !== Hls.ErrorTypes.NETWORK_ERROR) { onStatus('Audio unavailable'); return; }
          onStatus('Waiting for the audio…');
          clearTimeout(retry);
          retry = setTimeout(() => hls?.loadSource(media.url), playlistRetryMs);
        });
        hls.loadSource(media.url);
        hls.attachMedia(element);
      } else if (element.canPlayType(hlsMimeType)) {
        element.src = media.url;
        play();
      } else {
        onStatus('Audio unavailable');
      }
    } catch {
      onStatus('Audio unavailable');
    }
  }

  return {
    connect,
    setMicrophone() {}, // listeners on HLS never publish: going on stage switches to WebRTC (space.js)
    disconnect() {
      closed = true;
      clearTimeout(retry);
      hls?.destroy();
      hls = null;
      element?.remove();
      element = null;
    },
  };
}
