import { createHmac, timingSafeEqual } from 'node:crypto';

/** The header a delivery is signed in: `t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<body>">`, keyed by the webhook's secret. */
export const SIGNATURE_HEADER = 'iru-evidence-signature';
export const EVENT_ID_HEADER = 'iru-evidence-event-id';
export const EVENT_TYPE_HEADER = 'iru-evidence-event-type';
export const DELIVERY_ID_HEADER = 'iru-evidence-delivery-id';

export function signatureHeader(secret: string, body: string, at: Date): string {
  const t = Math.floor(at.getTime() / 1000);
  return `t=${t},v1=${createHmac('sha256', secret).update(`${t}.${body}`).digest('hex')}`;
}

/**
 * Whether a delivery's signature header is the webhook secret's signature of this body, made within `toleranceSeconds`
 * of `now` (a replayed old delivery fails). For receivers written in TypeScript; any HMAC library does the same.
 */
export function verifySignature(secret: string, header: string, body: string, now: Date, toleranceSeconds = 300): boolean {
  const parts = new Map(header.split(',').map((part) => part.split('=', 2) as [string, string]));
  const t = Number(parts.get('t'));
  const v1 = parts.get('v1') ?? '';
  if (!Number.isSafeInteger(t) || Math.abs(now.getTime() / 1000 - t) > toleranceSeconds || !/^[0-9a-f]{64}$/.test(v1)) return false;
  const expected = createHmac('sha256', secret).update(`${t}.${body}`).digest();
  return timingSafeEqual(expected, Buffer.from(v1, 'hex'));
}
