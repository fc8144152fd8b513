// The HTTP API (same origin). Errors come back as problem+json: {status, code, field?, detail}.
import { session } from './session.js';

export class ApiError extends Error {
  constructor(status, problem) {
    super(problem.detail ?? problem.title ?? `Request failed (${status})`);
    this.status = status;
    this.code = problem.code;
    this.field = problem.field;
  }
}

export async function api(method, path, body, headers = {}) {
  const init = { method, headers: { ...headers } };
  if (session.token) init.headers.authorization = `Bearer ${session.token}`;
  if (body !== undefined) {
    init.headers['content-type'] = 'application/json';
    init.body = JSON.stringify(body);
  }
  const response = await fetch(path, init);
  const text = await response.text();
  let data = null;
  try { data = text ? JSON.parse(text) : null; } catch { data = { detail: text }; }
  if (!response.ok) throw new ApiError(response.status, data ?? {});
  return data;
}

const names = new Map();

/** A user's display name: the id until the profile arrives, then the name (onName re-renders). */
export function displayName(userId, onName) {
  const known = names.get(userId);
  if (typeof known === 'string') return known;
  if (!known) {
    names.set(userId, api('GET', `/v1/users/${encodeURIComponent(userId)}`)
      .then(profile => { names.set(userId, profile.display_name); onName?.(); })
      .catch(() => names.set(userId, userId)));
  }
  return userId;
}
