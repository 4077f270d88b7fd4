import type Database from 'better-sqlite3';
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

/** Appends events inside the caller's transaction; an id already recorded is skipped. */
export function insertEvents(db: Database.Database, events: NewEvent[]): void {
  const insert = db.prepare('INSERT INTO events (id, type, created_at, data_json) VALUES (?, ?, ?, ?) ON CONFLICT(id) DO NOTHING');
  for (const event of events) insert.run(event.id, event.type, event.createdAt, JSON.stringify(event.data));
}

export function sqliteWebhooks(db: Database.Database, cipher: TokenCipher): WebhookStore {
  const getWebhook = (id: string) => {
    const row = db.prepare<[string], WebhookRow>(`SELECT ${WEBHOOK_COLUMNS} FROM webhooks WHERE id = ?`).get(id);
    return row && toWebhook(row);
  };
  return {
    async appendEvents(events) {
      db.transaction(() => insertEvents(db, events)).immediate();
    },

    async createWebhook(webhook) {
      db.prepare(
        `INSERT INTO webhooks (id, url, events_json, secret_ciphertext, created_by, created_at, event_cursor)
         VALUES (?, ?, ?, ?, ?, ?, (SELECT COALESCE(MAX(seq), 0) FROM events))`,
      ).run(
        webhook.id,
        webhook.url,
        JSON.stringify(webhook.events),
        cipher.encrypt(webhook.secret, secretBinding(webhook.id)),
        webhook.createdBy,
        webhook.createdAt,
      );
      return getWebhook(webhook.id)!;
    },

    async listWebhooks() {
      return db.prepare<[], WebhookRow>(`SELECT ${WEBHOOK_COLUMNS} FROM webhooks ORDER BY created_at, id`).all().map(toWebhook);
    },

    async getWebhook(id) {
      return getWebhook(id);
    },

    async deleteWebhook(id) {
      return db.transaction(() => {
        db.prepare('DELETE FROM webhook_deliveries WHERE webhook_id = ?').run(id);
        return db.prepare('DELETE FROM webhooks WHERE id = ?').run(id).changes > 0;
      })();
    },

    async enqueueDeliveries(now) {
      // Polled every few seconds by every worker and web server: the write lock is taken only when there is work.
      const behind = db.prepare('SELECT 1 FROM webhooks WHERE event_cursor < (SELECT COALESCE(MAX(seq), 0) FROM events) LIMIT 1').get();
      if (!behind) return 0;
      return db
        .transaction(() => {
          let created = 0;
          const hooks = db.prepare<[], { id: string; eventsJson: string; cursor: number }>(
            'SELECT id, events_json AS "eventsJson", event_cursor AS cursor FROM webhooks',
          );
          for (const hook of hooks.all()) {
            const events = db
              .prepare<[number, number], { seq: number; type: string }>('SELECT seq, type FROM events WHERE seq > ? ORDER BY seq LIMIT ?')
              .all(hook.cursor, FAN_OUT_BATCH);
            if (events.length === 0) continue;
            const wanted = new Set(JSON.parse(hook.eventsJson) as string[]);
            const insert = db.prepare(
              `INSERT INTO webhook_deliveries (id, webhook_id, event_seq, status, next_attempt_at, created_at) VALUES (?, ?, ?, 'pending', ?, ?)
               ON CONFLICT(webhook_id, event_seq) DO NOTHING`,
            );
            for (const event of events) if (wanted.has(event.type)) created += insert.run(deliveryId(hook.id, event.seq), hook.id, event.seq, now, now).changes;
            db.prepare('UPDATE webhooks SET event_cursor = ? WHERE id = ?').run(events.at(-1)!.seq, hook.id);
          }
          return created;
        })
        .immediate();
    },

    async claimDueDeliveries(now, leaseUntil, limit) {
      const due = db.prepare("SELECT 1 FROM webhook_deliveries WHERE status = 'pending' AND next_attempt_at <= ? LIMIT 1").get(now);
      if (!due) return [];
      const claimed = db
        .transaction(() => {
          const rows = db
            .prepare<[string, number], DueRow>(
              `SELECT ${DELIVERY_COLUMNS}, ${DUE_COLUMNS}
               FROM webhook_deliveries d JOIN events ev ON ev.seq = d.event_seq JOIN webhooks w ON w.id = d.webhook_id
               WHERE d.status = 'pending' AND d.next_attempt_at <= ? ORDER BY d.next_attempt_at, d.event_seq LIMIT ?`,
            )
            .all(now, limit);
          const lease = db.prepare('UPDATE webhook_deliveries SET next_attempt_at = ? WHERE id = ?');
          for (const row of rows) lease.run(leaseUntil, row.id);
          return rows;
        })
        .immediate();
      return claimed.map((row) => toDueDelivery(row, leaseUntil, cipher));
    },

    async recordDeliveryAttempt(id, attempt) {
      db.prepare(
        `UPDATE webhook_deliveries SET attempts = attempts + 1, status = ?, last_status_code = ?, last_error = ?, last_attempt_at = ?,
           next_attempt_at = ?, delivered_at = ? WHERE id = ?`,
      ).run(statusAfter(attempt), attempt.statusCode, attempt.error, attempt.at, attempt.ok ? null : attempt.nextAttemptAt, attempt.ok ? attempt.at : null, id);
    },

    async listDeliveries(webhookId, { limit, before }) {
      return db
        .prepare<[string, string | null, string | null, number], DeliveryRow>(
          `SELECT ${DELIVERY_COLUMNS} FROM webhook_deliveries d JOIN events ev ON ev.seq = d.event_seq
           WHERE d.webhook_id = ? AND (? IS NULL OR d.event_seq < (SELECT event_seq FROM webhook_deliveries WHERE id = ?))
           ORDER BY d.event_seq DESC LIMIT ?`,
        )
        .all(webhookId, before ?? null, before ?? null, limit);
    },
  };
}
