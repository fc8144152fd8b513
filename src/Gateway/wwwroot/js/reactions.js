// Reactions float up over the page for a few seconds on every viewer's screen.
import { h } from './dom.js';
import { displayName } from './api.js';

// The API's default set (Spaces:AllowedReactions); the API answers 400 naming "emoji" for any other.
export const reactionEmojis = ['😂', '😲', '😢', '💜', '💯', '👏', '✊', '👍', '👎', '👋'];

const floatMs = 3000;

export function floatReaction(emoji, userId) {
  const layer = document.getElementById('reactions');
  const bubble = h('span', { class: 'reaction', 'data-user': userId, title: displayName(userId) }, emoji);
  bubble.style.left = `${10 + Math.random() * 70}%`;
  layer.append(bubble);
  setTimeout(() => bubble.remove(), floatMs);
}
