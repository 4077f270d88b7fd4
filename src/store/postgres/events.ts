import type pg from 'pg';
import type { TokenCipher } from '../token-cipher.js';
import type { NewEvent, WebhookStore } from '../types.js';
import {
  DELIVERY_COLUMNS,
  deliveryId,
  DUE_COLUMNS,
  FAN_OUT_BATCH,
  secretBinding,
  statusAfter,
  toDueDelivery,
  toWebhook,
  WEBHOOK_COLUMNS,
  type DeliveryRow,
  type DueRow,
  type WebhookRow,
} from '../webhook-rows.js';
import type { Database } from './database.js';

/**
 * Any constant: the advisory lock of every transaction that hands out a publication or event sequence number, so
 * numbers become visible in the order they were given.
 */
export const PUBLICATION_LOCK = 0x1e_e7_0b;

/** Appends events inside the caller's transaction, which holds PUBLICATION_LOCK; an id already recorded is skipped. */
export async function insertEvents(client: pg.ClientBase, events: NewEvent[]): Promise<void> {
  for (const event of events) {
    await client.query('INSERT INTO events (id, type, created_at, data_json) VALUES ($1, $2, $3, $4) ON CONFLICT (id) DO NOTHING', [
      event.id,
      event.type,
      event.createdAt,
      JSON.stringify(event.data),
    ]);
  }
}

export function postgresWebhooks(db: Database, cipher: TokenCipher): WebhookStore {
  const getWebhook = async (id: string) => {
    const [row] = await db.query<WebhookRow>(`SELECT ${WEBHOOK_COLUMNS} FROM webhooks WHERE id = $1`, [id]);
    return row && toWebhook(row);
  };
  return {
    async appendEvents(events) {
      if (events.length === 0) return;
      await db.transaction(async (client) => {
        await client.query('SELECT pg_advisory_xact_lock($1)', [PUBLICATION_LOCK]);
        await insertEvents(client, events);
      });
    },

    async createWebhook(webhook) {
      await db.query(
        `INSERT INTO webhooks (id, url, events_json, secret_ciphertext, created_by, created_at, event_cursor)
         VALUES ($1, $2, $3, $4, $5, $6, (SELECT COALESCE(max(seq), 0) FROM events))`,
        [
          webhook.id,
          webhook.url,
          JSON.stringify(webhook.events),
          cipher.encrypt(webhook.secret, secretBinding(webhook.id)),
          webhook.createdBy,
          webhook.createdAt,
        ],
      );
      return (await getWebhook(webhook.id))!;
    },

    async listWebhooks() {
      return (await db.query<WebhookRow>(`SELECT ${WEBHOOK_COLUMNS} FROM webhooks ORDER BY created_at, id COLLATE "C"`)).map(toWebhook);
    },

    getWebhook,

    async deleteWebhook(id) {
      return db.transaction(async (client) => {
        await client.query('DELETE FROM webhook_deliveries WHERE webhook_id = $1', [id]);
        return ((await client.query('DELETE FROM webhooks WHERE id = $1', [id])).rowCount ?? 0) > 0;
      });
    },

    async enqueueDeliveries(now) {
      return db.transaction(async (client) => {
        let created = 0;
        // Locked for the fan-out: two processes never move one webhook's cursor at once.
        const hooks = await client.query<{ id: string; eventsJson: string; cursor: number }>(
          'SELECT id, events_json AS "eventsJson", event_cursor AS cursor FROM webhooks FOR UPDATE',
        );
        for (const hook of hooks.rows) {
          const { rows: events } = await client.query<{ seq: number; type: string }>('SELECT seq, type FROM events WHERE seq > $1 ORDER BY seq LIMIT $2', [
            hook.cursor,
            FAN_OUT_BATCH,
          ]);
          if (events.length === 0) continue;
          const wanted = new Set(JSON.parse(hook.eventsJson) as string[]);
          for (const event of events.filter((e) => wanted.has(e.type))) {
            const inserted = await client.query(
              `INSERT INTO webhook_deliveries (id, webhook_id, event_seq, status, next_attempt_at, created_at) VALUES ($1, $2, $3, 'pending', $4, $4)
               ON CONFLICT (webhook_id, event_seq) DO NOTHING`,
              [deliveryId(hook.id, event.seq), hook.id, event.seq, now],
            );
            created += inserted.rowCount ?? 0;
          }
          await client.query('UPDATE webhooks SET event_cursor = $1 WHERE id = $2', [events.at(-1)!.seq, hook.id]);
        }
        return created;
      });
    },

    async claimDueDeliveries(now, leaseUntil, limit) {
      const claimed = await db.query<{ id: string }>(
        `WITH due AS (
           SELECT id FROM webhook_deliveries WHERE status = 'pending' AND next_attempt_at <= $1
           ORDER BY next_attempt_at, event_seq LIMIT $3 FOR UPDATE SKIP LOCKED
         )
         UPDATE webhook_deliveries d SET next_attempt_at = $2 FROM due WHERE d.id = due.id RETURNING d.id`,
        [now, leaseUntil, limit],
      );
      if (claimed.length === 0) return [];
      const rows = await db.query<DueRow>(
        `SELECT ${DELIVERY_COLUMNS}, ${DUE_COLUMNS}
         FROM webhook_deliveries d JOIN events ev ON ev.seq = d.event_seq JOIN webhooks w ON w.id = d.webhook_id
         WHERE d.id = ANY($1::text[]) ORDER BY d.event_seq`,
        [claimed.map((c) => c.id)],
      );
      return rows.map((row) => toDueDelivery(row, leaseUntil, cipher));
    },

    async recordDeliveryAttempt(id, attempt) {
      await db.query(
        `UPDATE webhook_deliveries SET attempts = attempts + 1, status = $1, last_status_code = $2, last_error = $3, last_attempt_at = $4,
           next_attempt_at = $5, delivered_at = $6 WHERE id = $7`,
        [statusAfter(attempt), attempt.statusCode, attempt.error, attempt.at, attempt.ok ? null : attempt.nextAttemptAt, attempt.ok ? attempt.at : null, id],
      );
    },

    async listDeliveries(webhookId, { limit, before }) {
      return db.query<DeliveryRow>(
        `SELECT ${DELIVERY_COLUMNS} FROM webhook_deliveries d JOIN events ev ON ev.seq = d.event_seq
         WHERE d.webhook_id = $1 AND ($2::text IS NULL OR d.event_seq < (SELECT event_seq FROM webhook_deliveries WHERE id = $2))
         ORDER BY d.event_seq DESC LIMIT $3`,
        [webhookId, before ?? null, limit],
      );
    },
  };
}
