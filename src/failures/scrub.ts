/** What a secret is replaced with. */
export const REDACTED = '[redacted]';

/** `Bearer <anything>` as an Authorization header value, whatever the token. */
const BEARER = /\bBearer\s+[^\s"'<>,;]+/gi;

/**
 * Text from outside (an upstream body, an error, a run summary) with the given secrets, and any `Bearer <token>`,
 * removed. Secrets shorter than 8 characters are ignored: they would redact ordinary words.
 */
export function scrubSecrets(text: string, secrets: readonly (string | undefined)[]): string {
  let scrubbed = text.replace(BEARER, `Bearer ${REDACTED}`);
  for (const secret of secrets) if (secret && secret.length >= 8) scrubbed = scrubbed.split(secret).join(REDACTED);
  return scrubbed;
}
