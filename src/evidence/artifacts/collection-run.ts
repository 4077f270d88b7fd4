import { FAILURES, failureOf, faultOf } from '../../failures/index.js';
import { describePermission, endpoint } from '../../iru/index.js';
import type { ArtifactDefinition, RunSourceOutcome } from '../artifact-definition.js';
import { deniedPermissions } from '../denied-permissions.js';
import { fail, notApplicable, notEvaluable, pass, type Evaluation } from '../evaluation.js';
import { EvaluatedRecords } from '../evidence-builder.js';
import { byKeys } from '../sort.js';
import type { CollectionRunRecord } from '../types/collection-run.generated.js';

/**
 * A failed source is not evaluable when the vocabulary says it was no failure of the source: a missing permission, or a
 * passing failure (rate limit, transient upstream) the next collection is expected to get past. Any other fails.
 */
function evaluate(source: RunSourceOutcome): Evaluation {
  if (source.status === 'succeeded') return pass();
  if (source.status === 'not_applicable') return notApplicable(source.error?.code ?? FAILURES.not_entitled.code);
  const code = source.error?.code ?? 'failed';
  const failure = failureOf(code);
  if (failure?.kind === 'permission') return notEvaluable('permission_denied');
  if (failure && faultOf(failure) === 'passing') return notEvaluable('transient');
  return fail([code]);
}

/** The GET permission the token lacks for a source: its own, when a route read it instead; else the one its failure names. */
function deniedPermissionOf(source: RunSourceOutcome, sources: readonly RunSourceOutcome[]): string | null {
  if (source.denied) return describePermission(endpoint(source.name));
  return deniedPermissions([source.name], sources).join(' and ') || null;
}

/**
 * Evidence about the collection itself: which sources were read completely, so an auditor can tell a clean
 * Artifact from one whose sources were partly unavailable. Request counts are left out on purpose: a retried
 * page costs requests without changing the evidence, and equal evidence must hash equal.
 */
export const collectionRun: ArtifactDefinition = {
  type: 'collection-run',
  title: 'Collection run',
  description:
    'How each source of this collection ended: collected (pass), not licensed for the tenant (not applicable), missing a GET permission or ' +
    'interrupted by a transient error (not evaluable) or failed for another reason (fail), with the rows collected. ' +
    'A source read completely through another route because its own GET permission is denied passes, and names the missing permission (deniedPermission).',
  sources: [],
  async build(context) {
    const records = new EvaluatedRecords<CollectionRunRecord>(
      context,
      byKeys((r) => [r.source]),
    );
    const sources = context.run?.sources ?? [];
    for (const source of sources) {
      await records.add({
        source: source.name,
        status: source.status,
        records: source.records,
        errorCode: source.error?.code ?? null,
        via: source.via ?? null,
        deniedPermission: deniedPermissionOf(source, sources),
        ...evaluate(source),
      });
    }
    return records.build({
      subjects: 'sources',
      // Sources complete through another route while their own permission is missing: pass, and counted here.
      counts: { readThroughDeniedRoute: sources.filter((s) => s.denied).length },
      gapDetail: {
        permission_denied: 'the API token lacks the GET permission for the source',
        transient: 'the source was rate limited or interrupted; the next collection retries it',
      },
    });
  },
};
