import { createHash } from 'node:crypto';
import canonicalizeModule from 'canonicalize';
import type { Artifact } from './types/artifact.generated.js';

// canonicalize is CommonJS (module.exports = fn) while its typings declare an ES default export.
const canonicalize = canonicalizeModule as unknown as (typeof canonicalizeModule)['default'];

/** RFC 8785 canonical JSON: equal values give equal bytes, whatever the key order. */
export function canonicalJson(value: unknown): string {
  const text = canonicalize(value);
  if (text === undefined) throw new TypeError('Value cannot be serialised as canonical JSON');
  return text;
}

export function sha256Hex(text: string | Buffer): string {
  return createHash('sha256').update(text).digest('hex');
}

/** The evidence itself: equal evidence gives an equal hash, whichever run produced it. */
export function contentSha256(artifact: Pick<Artifact, 'type' | 'schemaVersion' | 'controls' | 'summary' | 'records'>): string {
  const { type, schemaVersion, controls, summary, records } = artifact;
  return sha256Hex(canonicalJson({ type, schemaVersion, controls, summary, records }));
}

/** The whole document except `id` and `sha256`. */
export function documentSha256(artifact: Omit<Artifact, 'id' | 'sha256'> & Partial<Pick<Artifact, 'id' | 'sha256'>>): string {
  const { id: _id, sha256: _sha, ...rest } = artifact;
  return sha256Hex(canonicalJson(rest));
}

/** Recomputes both hashes; true when the document is intact. */
export function verifyArtifact(artifact: Artifact): { contentSha256: boolean; sha256: boolean } {
  return { contentSha256: contentSha256(artifact) === artifact.contentSha256, sha256: documentSha256(artifact) === artifact.sha256 };
}
