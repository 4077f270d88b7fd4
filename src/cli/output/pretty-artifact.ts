import { canonicalJson } from '../../evidence/canonical-hash.js';
import type { EvidenceStore, StoredArtifact } from '../../store/index.js';

/**
 * A stored Artifact's document indented for people, keys in canonical order, a record at a time (an Artifact of 100,000
 * devices is never held whole): the same JSON as the canonical document, laid out over lines.
 */
export async function* prettyArtifactChunks(
  store: Pick<EvidenceStore, 'artifactRecords'>,
  stored: Pick<StoredArtifact, 'id' | 'envelope'>,
): AsyncIterable<string> {
  const envelope = JSON.parse(stored.envelope) as Record<string, unknown>;
  const keys = [...new Set([...Object.keys(envelope), 'records'])].sort();
  yield '{\n';
  for (const [i, key] of keys.entries()) {
    const comma = i < keys.length - 1 ? ',' : '';
    if (key !== 'records') {
      yield `  ${JSON.stringify(key)}: ${indent(pretty(envelope[key]), '  ')}${comma}\n`;
      continue;
    }
    let first = true;
    for await (const body of store.artifactRecords(stored.id)) {
      yield `${first ? '  "records": [\n' : ',\n'}    ${indent(pretty(JSON.parse(body)), '    ')}`;
      first = false;
    }
    yield first ? `  "records": []${comma}\n` : `\n  ]${comma}\n`;
  }
  yield '}\n';
}

function pretty(value: unknown): string {
  return JSON.stringify(JSON.parse(canonicalJson(value)), null, 2);
}

function indent(text: string, by: string): string {
  return text.replace(/\n/g, `\n${by}`);
}
