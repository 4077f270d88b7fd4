import { publishedArtifact } from '../../read-model/artifact-document.js';
import type { WebContext } from '../context.js';

export interface VerifyResult {
  artifactId: string;
  /** The stored document's sha256 recomputed from its canonical JSON matches. */
  sha256: boolean;
  /** The evidence hash (type, schemaVersion, controls, summary, records) recomputed matches. */
  contentSha256: boolean;
  intact: boolean;
  /** When the hashes were recomputed: an intact result is kept (Artifacts never change), so it may be earlier than now. */
  verifiedAt: string;
  message: string;
}

/**
 * Recomputes both hashes from the stored document, its records streamed through them a record at a time. An intact
 * result is cached per Artifact and answers later requests with the time it was computed; a mismatch is recomputed
 * every time. `admit` is asked only before real work (a cached result needs none): it takes a heavy-work slot (or
 * throws 429) and returns its release.
 */
export async function verifyView(ctx: WebContext, id: string, admit: () => () => void = () => () => {}): Promise<VerifyResult> {
  const stored = await publishedArtifact(ctx.store, id);
  let verification = ctx.verifications.cached(stored);
  if (!verification) {
    const release = admit();
    try {
      verification = await ctx.verifications.verify(stored, ctx.now);
    } finally {
      release();
    }
  }
  const { sha256, contentSha256, verifiedAt } = verification;
  const intact = sha256 && contentSha256;
  const failed = [sha256 ? null : 'sha256', contentSha256 ? null : 'contentSha256'].filter(Boolean).join(' and ');
  return {
    artifactId: id,
    sha256,
    contentSha256,
    intact,
    verifiedAt,
    message: intact
      ? `Verified at ${verifiedAt}: both hashes match the stored document.`
      : `Mismatch at ${verifiedAt}: ${failed} does not match the stored document.`,
  };
}
