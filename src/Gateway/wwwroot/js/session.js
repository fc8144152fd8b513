// Who is signed in. The token comes from the host page (window.SPACES_TOKEN or a #token=… fragment),
// from this tab's storage, or (development mode) from the dev token endpoint.
const storageKey = 'spaces.token';

export const session = { token: null, userId: null, name: null };

function claims(token) {
  const payload = token.split('.')[1] ?? '';
  const json = atob(payload.replace(/-/g, '+').replace(/_/g, '/'));
  return JSON.parse(new TextDecoder().decode(Uint8Array.from(json, c => c.charCodeAt(0))));
}

function use(token) {
  const { sub, name } = claims(token);
  Object.assign(session, { token, userId: sub, name: name ?? sub });
  sessionStorage.setItem(storageKey, token);
}

/** True when a token was found; a #token= fragment is taken out of the address bar. */
export function restoreSession() {
  const fragment = location.hash.match(/^#token=([^&]+)/);
  const token = fragment ? decodeURIComponent(fragment[1]) : window.SPACES_TOKEN ?? sessionStorage.getItem(storageKey);
  if (fragment) history.replaceState(null, '', `${location.pathname}${location.search}#/`);
  if (!token) return false;
  try { use(token); return true; } catch { signOut(); return false; }
}

/** Development sign-in: the name becomes the user id (lowercased, unsupported characters as '-'). */
export async function signInWithName(name, api) {
  const displayName = name.trim();
  const userId = displayName.toLowerCase().replace(/[^a-z0-9_.-]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 64);
  const { token } = await api('POST', '/v1/dev/token', { user_id: userId, display_name: displayName || userId });
  use(token);
}

export function signOut() {
  sessionStorage.removeItem(storageKey);
  Object.assign(session, { token: null, userId: null, name: null });
}
