import { randomUUID } from 'node:crypto';
import { BadInputError, ConflictError, NotFoundError } from '../../read-model/errors.js';
import type { AccountStore, ApiKeyRecord, ApiKeyScope } from '../../store/index.js';
import { randomSecret, secretHash } from './secrets.js';

export const API_KEY_PREFIX = 'iruev_';
export const ROTATION_GRACE_MS = 24 * 3_600_000;
export const API_KEY_SCOPES: readonly ApiKeyScope[] = ['read', 'admin'];
const NAME = /^[\p{L}\p{N} ._@-]{1,80}$/u;

export const API_KEY_STATUSES = ['active', 'expires_soon', 'expired', 'invalidated'] as const;
export type ApiKeyStatus = (typeof API_KEY_STATUSES)[number];

export interface ApiKeyView extends ApiKeyRecord {
  status: ApiKeyStatus;
}

export function apiKeyStatus(key: ApiKeyRecord, now: Date): ApiKeyStatus {
  if (key.revokedAt) return 'invalidated';
  if (key.expiresAt) return Date.parse(key.expiresAt) > now.getTime() ? 'expires_soon' : 'expired';
  return 'active';
}

export function apiKeyView(key: ApiKeyRecord, now: Date): ApiKeyView {
  return { ...key, status: apiKeyStatus(key, now) };
}

function newKey(name: string, scope: ApiKeyScope, createdBy: string, createdByUserId: string | null, now: Date) {
  const key = `${API_KEY_PREFIX}${randomSecret()}`;
  return { key, record: { id: `key_${randomUUID()}`, name, scope, createdBy, createdByUserId, createdAt: now.toISOString(), keyHash: secretHash(key) } };
}

/** A new key; the key itself is returned once and only its hash is stored. */
export async function issueApiKey(
  store: AccountStore,
  /** createdByUserId: the web user on whose authority the key is made; it stops working when they are disabled or deleted. */
  input: { name: string; scope: string; createdBy: string; createdByUserId?: string | null },
  now: Date,
): Promise<{ key: string; apiKey: ApiKeyView }> {
  const name = input.name.trim();
  if (!NAME.test(name)) throw new BadInputError('The key name must be 1 to 80 letters, digits, spaces or . _ @ -');
  if (!(API_KEY_SCOPES as readonly string[]).includes(input.scope)) throw new BadInputError(`The scope must be "read" or "admin", not "${input.scope}"`);
  const { key, record } = newKey(name, input.scope as ApiKeyScope, input.createdBy, input.createdByUserId ?? null, now);
  return { key, apiKey: apiKeyView(await store.createApiKey(record), now) };
}

async function activeKey(store: AccountStore, id: string, now: Date, action: string): Promise<ApiKeyRecord> {
  const key = await store.getApiKey(id);
  if (!key) throw new NotFoundError(`No API key ${id}`);
  const status = apiKeyStatus(key, now);
  if (status === 'invalidated') throw new ConflictError(`API key ${id} is already invalidated; it cannot be ${action}`);
  if (status === 'expired') throw new ConflictError(`API key ${id} has expired; it cannot be ${action}`);
  if (action === 'rotated' && key.replacedBy) throw new ConflictError(`API key ${id} was already rotated; rotate its replacement ${key.replacedBy} instead`);
  return key;
}

/** Issues a replacement with the same name and scope, made on the actor's authority; the old key keeps working for ROTATION_GRACE_MS. */
export async function rotateApiKey(
  store: AccountStore,
  id: string,
  actor: string,
  now: Date,
  actorUserId: string | null = null,
): Promise<{ key: string; apiKey: ApiKeyView; previous: ApiKeyView }> {
  const old = await activeKey(store, id, now, 'rotated');
  const { key, record } = newKey(old.name, old.scope, actor, actorUserId, now);
  const created = await store.rotateApiKey(old.id, record, new Date(now.getTime() + ROTATION_GRACE_MS).toISOString());
  if (!created) {
    // Rotated or invalidated by another request since the check above: the store issued nothing. Say which, as the check would have.
    await activeKey(store, id, now, 'rotated');
    throw new ConflictError(`API key ${id} is no longer active; it cannot be rotated`);
  }
  return { key, apiKey: apiKeyView(created, now), previous: apiKeyView((await store.getApiKey(old.id))!, now) };
}

/** Ends the key at once (a key that may have leaked). */
export async function invalidateApiKey(store: AccountStore, id: string, now: Date): Promise<ApiKeyView> {
  await activeKey(store, id, now, 'invalidated');
  await store.revokeApiKey(id, now.toISOString());
  return apiKeyView((await store.getApiKey(id))!, now);
}

/** The key a bearer token names, when it still works; otherwise why not. */
export async function authenticateApiKey(store: AccountStore, presented: string, now: Date): Promise<{ key: ApiKeyRecord } | { refused: string }> {
  if (!presented.startsWith(API_KEY_PREFIX)) return { refused: `The bearer token is not an iru-evidence API key (they start with "${API_KEY_PREFIX}")` };
  const key = await store.findApiKeyByHash(secretHash(presented), now.toISOString());
  if (!key) return { refused: 'The API key is not recognised (or the user who made it was disabled or deleted)' };
  const status = apiKeyStatus(key, now);
  if (status === 'invalidated') return { refused: 'The API key was invalidated; ask an admin for a new one' };
  if (status === 'expired') return { refused: 'The API key expired after its rotation; use its replacement' };
  // One write a minute at most, however busy the key.
  if (!key.lastUsedAt || now.getTime() - Date.parse(key.lastUsedAt) > 60_000) await store.touchApiKey(key.id, now.toISOString());
  return { key };
}
