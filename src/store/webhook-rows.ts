import { createHash } from 'node:crypto';
import type { TokenCipher } from './token-cipher.js';
import type { DeliveryStatus, DueDelivery, StoredEvent, Webhook, WebhookDelivery } from './types.js';

/** SELECT lists and row mapping for the outbox and webhooks, valid in both SQLite and PostgreSQL. */

export const WEBHOOK_COLUMNS = `id, url, events_json AS "eventsJson", created_by AS "createdBy", created_at AS "createdAt"`;

export type WebhookRow = Omit<Webhook, 'events'> & { eventsJson: string };

export function toWebhook({ eventsJson, ...row }: WebhookRow): Webhook {
  return { ...row, events: JSON.parse(eventsJson) as string[] };
}

/** Of a delivery `d` joined with its event `ev`. */
export const DELIVERY_COLUMNS = `d.id, d.webhook_id AS "webhookId", ev.id AS "eventId", ev.type AS "eventType", d.status, d.attempts,
  d.last_status_code AS "lastStatusCode", d.last_error AS "lastError", d.last_attempt_at AS "lastAttemptAt", d.next_attempt_at AS "nextAttemptAt",
  d.created_at AS "createdAt", d.delivered_at AS "deliveredAt"`;

export type DeliveryRow = WebhookDelivery;

/** A due delivery's columns beyond DELIVERY_COLUMNS: its event and webhook (`w`). */
export const DUE_COLUMNS = `ev.seq AS "eventSeq", ev.created_at AS "eventCreatedAt", ev.data_json AS "eventData", w.url, w.secret_ciphertext AS ciphertext`;

export type DueRow = DeliveryRow & { eventSeq: number; eventCreatedAt: string; eventData: string; url: string; ciphertext: Buffer };

/** A claimed row as a delivery to send, its secret decrypted. */
export function toDueDelivery(row: DueRow, leaseUntil: string, cipher: TokenCipher): DueDelivery {
  const { eventSeq, eventCreatedAt, eventData, url, ciphertext, ...delivery } = row;
  const event: StoredEvent = { seq: Number(eventSeq), id: delivery.eventId, type: delivery.eventType, createdAt: eventCreatedAt, data: JSON.parse(eventData) };
  return { delivery: { ...delivery, nextAttemptAt: leaseUntil }, url, secret: cipher.decrypt(ciphertext, secretBinding(delivery.webhookId)), event };
}

/** One delivery per webhook and event, whichever process fans it out. */
export function deliveryId(webhookId: string, eventSeq: number): string {
  return `dlv_${createHash('sha256').update(`${webhookId}\u0000${eventSeq}`).digest('hex').slice(0, 24)}`;
}

/** The associated data that binds a webhook secret's ciphertext to its webhook. */
export function secretBinding(webhookId: string): string {
  return `webhook:${webhookId}`;
}

/** What an attempt makes of a delivery. */
export function statusAfter(attempt: { ok: boolean; nextAttemptAt: string | null }): DeliveryStatus {
  return attempt.ok ? 'delivered' : attempt.nextAttemptAt ? 'pending' : 'failed';
}

/** Events fanned out per webhook in one pass. */
export const FAN_OUT_BATCH = 500;
