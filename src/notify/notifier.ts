import { request } from 'undici';
import { z } from 'zod';

export interface AttentionNotice {
  event: 'connection.needs_attention';
  connection: string;
  connectionId: string;
  reason: string;
  remedy?: string;
  at: string;
}

const NotifyEnv = z.object({
  IRU_EVIDENCE_NOTIFY_WEBHOOK: z.string().url('must be an http(s) URL').optional(),
  IRU_EVIDENCE_SMTP_URL: z.string().url('must be an smtp:// or smtps:// URL').optional(),
  IRU_EVIDENCE_NOTIFY_EMAIL_TO: z.string().email('must be an e-mail address').optional(),
  IRU_EVIDENCE_NOTIFY_EMAIL_FROM: z.string().email('must be an e-mail address').default('iru-evidence@localhost'),
});

export interface NotifyConfig {
  webhook?: string;
  smtp?: { url: string; to: string; from: string };
}

/** Where this installation sends "needs attention" notices: a webhook and/or e-mail over SMTP. */
export function loadNotifyConfig(env: NodeJS.ProcessEnv = process.env): NotifyConfig {
  const parsed = NotifyEnv.safeParse(env);
  if (!parsed.success) throw new Error(`Invalid notification settings: ${parsed.error.issues.map((i) => `${i.path.join('.')} ${i.message}`).join('; ')}`);
  const e = parsed.data;
  if (Boolean(e.IRU_EVIDENCE_SMTP_URL) !== Boolean(e.IRU_EVIDENCE_NOTIFY_EMAIL_TO)) {
    throw new Error('Invalid notification settings: IRU_EVIDENCE_SMTP_URL and IRU_EVIDENCE_NOTIFY_EMAIL_TO go together');
  }
  return {
    webhook: e.IRU_EVIDENCE_NOTIFY_WEBHOOK,
    smtp:
      e.IRU_EVIDENCE_SMTP_URL && e.IRU_EVIDENCE_NOTIFY_EMAIL_TO
        ? { url: e.IRU_EVIDENCE_SMTP_URL, to: e.IRU_EVIDENCE_NOTIFY_EMAIL_TO, from: e.IRU_EVIDENCE_NOTIFY_EMAIL_FROM }
        : undefined,
  };
}

/** Sends the notice everywhere configured; a failing channel is reported, the others still get it. */
export async function notifyAttention(config: NotifyConfig, notice: AttentionNotice): Promise<{ channel: string; ok: boolean; error?: string }[]> {
  const results: { channel: string; ok: boolean; error?: string }[] = [];
  if (config.webhook) {
    try {
      const response = await request(config.webhook, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(notice),
        headersTimeout: 10_000,
        bodyTimeout: 10_000,
      });
      await response.body.dump();
      results.push({ channel: 'webhook', ok: response.statusCode < 300, ...(response.statusCode >= 300 ? { error: `HTTP ${response.statusCode}` } : {}) });
    } catch (error) {
      results.push({ channel: 'webhook', ok: false, error: (error as Error).message });
    }
  }
  if (config.smtp) {
    try {
      const { default: nodemailer } = await import('nodemailer'); // loaded only when an e-mail notice is sent
      const transport = nodemailer.createTransport(config.smtp.url);
      await transport.sendMail({
        from: config.smtp.from,
        to: config.smtp.to,
        subject: `iru-evidence: connection "${notice.connection}" needs attention`,
        text: `${notice.reason}\n\n${notice.remedy ?? ''}\n\nScheduled collections of this connection are paused until it is fixed.\n`,
      });
      transport.close();
      results.push({ channel: 'email', ok: true });
    } catch (error) {
      results.push({ channel: 'email', ok: false, error: (error as Error).message });
    }
  }
  return results;
}
