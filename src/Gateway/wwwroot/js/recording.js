// The Space's recording on its page: where it is (from the Space's `recording`, kept fresh by recording.changed) and
// the host's switches: record or stop, and whether the replay is public.
import { h } from './dom.js';

const stateLabel = {
  pending: 'Will be recorded',
  starting: 'Recording',
  recording: 'Recording',
  processing: 'Recording is being processed',
  ready: 'Replay available',
  failed: 'Recording failed',
};

export function recordingStatus(space) {
  const state = space.recording?.state;
  return state ? h('p', { class: `recording ${state}` }, stateLabel[state]) : null;
}

export function recordingControls(space, a, button) {
  const recording = space.recording;
  const over = ['ended', 'canceled'].includes(space.state);
  const controls = [];
  if (!over && (!recording || recording.state === 'failed')) controls.push(button('Record', () => a.call('PUT', '/recording')));
  if (!over && ['pending', 'starting', 'recording'].includes(recording?.state)) controls.push(button('Stop recording', () => a.call('DELETE', '/recording')));
  if (recording) {
    controls.push(recording.public
      ? button('Make replay private', () => a.call('DELETE', '/replay/public'))
      : button('Make replay public', () => a.call('PUT', '/replay/public')));
  }
  return controls;
}
