import { verifyArtifact } from '../../evidence/index.js';
import { loadArtifact } from '../../read-model/artifact-document.js';
import type { WebContext } from '../context.js';

export interface VerifyResult {
  artifactId: string;
  /** The stored document's sha256 recomputed from its canonical JSON matches. */
  sha256: boolean;
  /** The evidence hash (type, schemaVersion, controls, summary, records) recomputed matches. */
  contentSha256: boolean;
  intact: boolean;
  verifiedAt: string;
  message: string;
}

/** Recomputes both hashes from the stored document, read afresh (never from a cache). */
export async function verifyView(ctx: WebContext, id: string): Promise<VerifyResult> {
  const { stored, artifact } = await loadArtifact(ctx.store, id);
  const result = verifyArtifact(artifact);
  const sha256 = result.sha256 && stored.sha256 === artifact.sha256;
  const contentSha256 = result.contentSha256 && stored.contentSha256 === artifact.contentSha256;
  const intact = sha256 && contentSha256;
  const verifiedAt = ctx.now().toISOString();
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
