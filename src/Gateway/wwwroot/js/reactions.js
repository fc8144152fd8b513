// Reactions float up over the page for a few seconds on every viewer's screen.
import { h } from './dom.js';
import { displayName } from './api.js';

// The API's default set (Spaces:AllowedReactions); the API answers 400 naming "emoji" for any other.
export const reactionEmojis = ['😂', '😲', '😢', '💜', '💯', '👏', '✊', '👍', '👎', '👋'];

const floatMs = 3000;

// A large Space sends counts (reactions.coalesced) a few times a second: float a few bubbles per count, never a
// flood — the counts are the truth, the bubbles only show the mood.
const maxBubblesPerEmoji = 5;
const maxBubblesPerInterval = 12;

export function floatReaction(emoji, userId) {
  float(h('span', { class: 'reaction', 'data-user': userId, title: displayName(userId) }, emoji));
}

export function floatCoalescedReactions(counts) {
  let budget = maxBubblesPerInterval;
  for (const { emoji, count } of counts) {
    const bubbles = Math.min(count, maxBubblesPerEmoji, budget);
    budget -= bubbles;
    for (let i = 0; i < bubbles; i++) {
      float(h('span', { class: 'reaction', 'data-count': String(count), title: `${count} × ${emoji}` }, emoji));
    }
  }
}

function float(bubble) {
  bubble.style.left = `${10 + Math.random() * 70}%`;
  document.getElementById('reactions').append(bubble);
  setTimeout(() => bubble.remove(), floatMs);
}
