import { randomUUID } from 'node:crypto';
import { CONNECTOR_VERSION } from '../../collector/version.js';
import { exceptionEnd } from '../../evidence/exceptions.js';
import type { AppliedException } from '../../evidence/types/artifact.generated.js';
import { actionEvidence, judgeAction, type ActionEvidence, type ActionJudgement } from '../../read-model/action-judgement.js';
import type { EvidenceVersion } from '../../read-model/artifact-envelope.js';
import { periodJudgementScope, type PeriodEvidence } from '../../read-model/period-evidence.js';
import { recordResult, summaryResults } from '../../read-model/record-results.js';
import { artifactPath } from '../evidence-paths.js';
import { streamedArray, type StreamedArray } from '../streamed-json.js';
import { nameUuid } from './name-uuid.js';
import { nonEmpty, oscalControlId, oscalToken, OSCAL_VERSION, props } from './oscal-values.js';

export interface EvidenceFile {
  path: string;
  /** SHA-256 of the file's bytes (the canonical stored document). */
  sha256: string;
}

type DeviceRecord = Record<string, unknown>;

export interface AssessmentResultsInput {
  evidence: PeriodEvidence;
  /** A version's records, one at a time. Each newest version's are read twice: for inventory items, then for its observation's subjects. */
  records: (version: EvidenceVersion) => AsyncIterable<DeviceRecord>;
  /** A version's file in the evidence package, asked for as back-matter is written (after every record was read). */
  file: (version: EvidenceVersion) => Promise<EvidenceFile | undefined>;
  now: Date;
}

const TOOL_UUID = nameUuid('component/iru-evidence');
const PLAN_UUID = nameUuid('resource/no-assessment-plan');

/**
 * OSCAL 1.0.6 Assessment Results for one framework and period: one observation per Artifact version (collected,
 * expires, subjects as inventory items for the newest, relevant evidence hashed in back-matter) and one finding per
 * control action, satisfied or not-satisfied, with every reason and not-evaluable count in props and remarks. Each
 * exception that excepted failing subjects in the newest versions is a risk, `deviation-approved`, related from the
 * findings it touches.
 * The devices' parts (inventory items, subjects) and the evidence files are streamed arrays, read as they are written.
 */
export function buildAssessmentResults(input: AssessmentResultsInput): { 'assessment-results': Record<string, unknown> } {
  const { evidence, now } = input;
  const { framework, period, connection } = evidence.scope;
  const names = new Map(evidence.connections.map((c) => [c.id, c.name]));
  const latest = new Set(evidence.latest.map((v) => v.id));
  const newest = evidence.versions.filter((v) => latest.has(v.id));
  const observations = streamedArray(() =>
    evidence.versions.map((version) =>
      observation(version, names, latest.has(version.id) ? streamedArray(() => subjectReferences(version, input.records(version))) : undefined),
    ),
  );
  const scope = periodJudgementScope(evidence, now);
  const { asOf } = scope;
  const risks = exceptionRisks(newest, names);

  const findings = framework.controls.flatMap((control) =>
    actionEvidence(control, evidence.latest, scope).map((action) => {
      const judgement = judgeAction(action, evidence.timelines.get(control.id));
      const related = action.evidence.flatMap((e) => e.versions.map((v) => ({ 'observation-uuid': observationUuid(v) })));
      const excepted = action.evidence.flatMap((e) => e.checks).reduce((sum, c) => sum + c.excepted, 0);
      const relatedRisks = [...new Set(appliedExceptions(action).map(({ version, exception }) => riskUuid(version.connectionId, exception.id)))];
      return {
        uuid: nameUuid(`finding/${framework.id}/${action.action.id}/${period.from}/${period.to}/${connection?.id ?? 'all'}`),
        title: `${control.id} ${control.title}: ${action.action.id}`,
        description: action.action.description,
        props: props([
          ['framework', framework.id],
          ['control', control.id],
          ['action', action.action.id],
          ...action.evidence.map((e): [string, unknown, { class: string }] => [
            'evidence-coverage',
            e.mapping.coverage,
            { class: oscalToken(e.mapping.type, 't') },
          ]),
          ...Object.entries(judgement.notEvaluable).map(([reason, count]): [string, unknown, { class: string }] => ['not-evaluable', count, { class: reason }]),
          ['verdict', judgement.verdict],
          ['excepted', excepted || undefined],
        ]),
        target: {
          type: 'objective-id',
          'target-id': oscalToken(`${framework.id}_${action.action.id}`, 'o'),
          title: `${framework.name} ${control.id}`,
          status: findingStatus(judgement),
        },
        'related-observations': nonEmpty(related),
        'related-risks': nonEmpty(relatedRisks.map((uuid) => ({ 'risk-uuid': uuid }))),
        remarks: judgement.satisfied
          ? 'Every mapped artifact type has valid evidence for the period, with no failing or not-evaluable subjects. Partial coverage mappings ' +
            'evidence part of the action only; the assessor judges the rest.'
          : judgement.verdict === 'excepted'
            ? `Not satisfied, by approved exceptions only: every failing subject is covered by an admin's exception (the related risks, ` +
              `deviation-approved, give each one's justification, approver and last day):\n- ${judgement.reasons.join('\n- ')}`
            : `Not satisfied:\n- ${judgement.reasons.join('\n- ')}`,
      };
    }),
  );

  return {
    'assessment-results': {
      uuid: randomUUID(),
      metadata: {
        title: `iru-evidence assessment results: ${framework.name}, ${period.from} to ${period.to}${connection ? `, ${connection.name}` : ''}`,
        'last-modified': now.toISOString(),
        version: now.toISOString(),
        'oscal-version': OSCAL_VERSION,
        props: props([
          ['framework', framework.id],
          ['framework-version', framework.version],
          ['period-from', period.from],
          ['period-to', period.to],
          ['connection', connection?.name],
        ]),
      },
      'import-ap': {
        href: `#${PLAN_UUID}`,
        remarks: 'There is no OSCAL assessment plan: the evidence was collected automatically and read-only by iru-evidence from the Iru Endpoint API.',
      },
      results: [
        {
          uuid: nameUuid(`result/${framework.id}/${period.from}/${period.to}/${connection?.id ?? 'all'}/${now.toISOString()}`),
          title: `${framework.name} evidence, ${period.from} to ${period.to}`,
          description: `Automated evidence for ${framework.name} (${framework.version}) valid at some time between ${period.from} and ${period.to} (UTC days).`,
          start: period.start.toISOString(),
          end: asOf.toISOString(),
          'local-definitions': {
            components: [
              {
                uuid: TOOL_UUID,
                type: 'software',
                title: 'iru-evidence',
                description: `Compliance evidence collector for the Iru Endpoint API (${CONNECTOR_VERSION}).`,
                status: { state: 'operational' },
              },
            ],
            'inventory-items': streamedArray(() => inventoryItems(newest, input.records)),
          },
          'reviewed-controls': {
            'control-selections': [{ 'include-controls': framework.controls.map((c) => ({ 'control-id': oscalControlId(framework.id, c.id) })) }],
          },
          observations,
          risks: nonEmpty(risks),
          findings: nonEmpty(findings),
        },
      ],
      'back-matter': {
        resources: streamedArray(async function* () {
          yield {
            uuid: PLAN_UUID,
            title: 'No assessment plan',
            description: 'Evidence collected automatically by iru-evidence; no OSCAL assessment plan was written.',
          };
          for (const version of evidence.versions) yield evidenceResource(version, names, await input.file(version));
        }),
      },
    },
  };
}

/**
 * OSCAL 1.0.6 gives an objective's status only the states satisfied and not-satisfied (reason pass, fail or other).
 * A check whose failing subjects are all excepted did not meet the objective on those devices: `satisfied` would claim
 * it did. It is not-satisfied with reason `other` (nothing failed without approval, so not `fail`), and OSCAL's own
 * place for an accepted deviation, a risk with status `deviation-approved` (assessment-common risk-status), carries each
 * exception and is linked from the finding's related-risks; the verdict prop says `excepted`.
 */
function findingStatus(judgement: ActionJudgement): { state: 'satisfied' | 'not-satisfied'; reason: 'pass' | 'fail' | 'other' } {
  if (judgement.satisfied) return { state: 'satisfied', reason: 'pass' };
  return { state: 'not-satisfied', reason: judgement.verdict === 'not_satisfied' ? 'fail' : 'other' };
}

/** The exceptions in force that excepted subjects in an Artifact version, with that version. */
function exceptedBy(version: EvidenceVersion): { version: EvidenceVersion; exception: AppliedException }[] {
  return (version.envelope.summary.exceptions ?? [])
    .filter((e) => e.status === 'in_force' && (e.records ?? 0) > 0)
    .map((exception) => ({ version, exception }));
}

function appliedExceptions(action: ActionEvidence): { version: EvidenceVersion; exception: AppliedException }[] {
  return action.evidence.flatMap((e) => e.checks.flatMap((c) => (c.version && c.excepted > 0 ? exceptedBy(c.version) : [])));
}

function riskUuid(connectionId: string, exceptionId: string): string {
  return nameUuid(`risk/${connectionId}/${exceptionId}`);
}

/** One risk per exception that excepted subjects in the newest versions: the deviation an admin approved, until its last day. */
function exceptionRisks(newest: EvidenceVersion[], names: Map<string, string>): Record<string, unknown>[] {
  const byId = new Map<string, { exception: AppliedException; connectionId: string; versions: EvidenceVersion[]; records: number }>();
  for (const { version, exception } of newest.flatMap(exceptedBy)) {
    const key = riskUuid(version.connectionId, exception.id);
    const entry = byId.get(key) ?? { exception, connectionId: version.connectionId, versions: [], records: 0 };
    entry.versions.push(version);
    entry.records += exception.records ?? 0;
    byId.set(key, entry);
  }
  return [...byId.entries()].map(([uuid, { exception: e, connectionId, versions, records }]) => {
    const connectionName = names.get(connectionId) ?? connectionId;
    const checks = versions.map((v) => v.type).join(', ');
    return {
      uuid,
      title: `Exception ${e.id}: device ${e.deviceId} of ${connectionName}, ${e.check ?? 'every check'}`,
      description: e.justification,
      statement: `Device ${e.deviceId} fails ${checks}; ${e.approver} approved the deviation on ${e.createdAt} until the end of ${e.expiresOn} (UTC).`,
      props: props([
        ['exception-id', e.id],
        ['connection', connectionName],
        ['device-id', e.deviceId],
        ['check', e.check ?? 'all'],
        ['approver', e.approver],
        ['approved-at', e.createdAt],
        ['last-day', e.expiresOn],
        ['excepted-records', records],
      ]),
      status: 'deviation-approved',
      deadline: exceptionEnd(e.expiresOn),
      'related-observations': versions.map((v) => ({ 'observation-uuid': observationUuid(v) })),
    };
  });
}

/** The exceptions an Artifact lists, one line each, for its observation's remarks. */
function exceptionLines(exceptions: AppliedException[]): string[] {
  return exceptions.map((e) => {
    const state =
      e.status === 'in_force'
        ? `in force, ${e.records ?? 0} records excepted`
        : e.status === 'revoked'
          ? `revoked ${e.revokedAt} by ${e.revokedBy}`
          : 'expired';
    return `Exception ${e.id} (${state}): device ${e.deviceId}, ${e.check ?? 'every check'}, approved by ${e.approver}, last day ${e.expiresOn}: ${e.justification}`;
  });
}

function observationUuid(version: EvidenceVersion): string {
  return nameUuid(`observation/${version.id}`);
}

function resourceUuid(version: EvidenceVersion): string {
  return nameUuid(`resource/${version.id}`);
}

/** An observation per version; only the newest of each connection and type names its subjects (given), the rest are historic. */
function observation(version: EvidenceVersion, names: Map<string, string>, subjects: StreamedArray | undefined): Record<string, unknown> {
  const { envelope } = version;
  const { coverage } = envelope.summary;
  const results = summaryResults(envelope.summary);
  const connectionName = names.get(version.connectionId) ?? version.connectionId;
  const gapLines = coverage.gaps
    .filter((g) => g.count !== 0)
    .map((g) => `${g.count ?? 'an unknown number of records'} not evaluable (${g.reason})${g.detail ? `: ${g.detail}` : ''}`);
  return {
    uuid: observationUuid(version),
    title: `${envelope.title} from ${connectionName}`,
    description: `${envelope.description} ${coverage.text}.`,
    props: props([
      ['artifact-id', version.id],
      ['artifact-type', version.type],
      ['connection', connectionName],
      ['collection-run', version.runId],
      ['records', version.recordCount],
      ['evaluated', coverage.evaluated],
      ['population', coverage.total],
      ...coverage.gaps.map((g): [string, unknown, { class: string }] => ['not-evaluable', g.count ?? 'unknown', { class: g.reason }]),
      ...Object.entries(results ?? {}).map(([result, count]): [string, unknown, { class: string }] => ['result-count', count, { class: result }]),
    ]),
    methods: ['TEST'],
    types: subjects ? undefined : ['historic'],
    origins: [{ actors: [{ type: 'tool', 'actor-uuid': TOOL_UUID }] }],
    subjects,
    'relevant-evidence': [
      {
        href: `#${resourceUuid(version)}`,
        description: `The ${envelope.title} Artifact ${version.id} (${version.recordCount} records); the file and its SHA-256 are in back-matter.`,
        props: props([
          ['artifact-sha256', version.sha256],
          ['content-sha256', version.contentSha256],
        ]),
      },
    ],
    collected: version.collectedAt,
    expires: version.expiresAt,
    remarks: [`Coverage: ${coverage.text}.`, ...gapLines, ...exceptionLines(envelope.summary.exceptions ?? [])].join('\n'),
  };
}

/** The devices of the newest versions, each once per connection, in the order their records are read. */
async function* inventoryItems(versions: EvidenceVersion[], records: AssessmentResultsInput['records']): AsyncIterable<Record<string, unknown>> {
  const written = new Set<string>();
  for (const version of versions) {
    for await (const record of records(version)) {
      const item = inventoryItem(record, version.connectionId);
      if (!item || written.has(item.uuid)) continue;
      written.add(item.uuid);
      yield item;
    }
  }
}

async function* subjectReferences(version: EvidenceVersion, records: AsyncIterable<DeviceRecord>): AsyncIterable<Record<string, unknown>> {
  for await (const record of records) {
    const reference = subjectReference(record, version.connectionId);
    if (reference) yield reference;
  }
}

/** A record's device, if it names one: its id, the UUID of its inventory item and the name to show. */
function device(record: DeviceRecord, connectionId: string): { deviceId: string; uuid: string; name: string | undefined } | undefined {
  const deviceId = record.deviceId;
  if (typeof deviceId !== 'string' || deviceId === '') return undefined;
  const name = typeof record.deviceName === 'string' && record.deviceName.trim() !== '' ? record.deviceName : undefined;
  return { deviceId, uuid: nameUuid(`device/${connectionId}/${deviceId}`), name };
}

function inventoryItem(record: DeviceRecord, connectionId: string): ({ uuid: string } & Record<string, unknown>) | undefined {
  const found = device(record, connectionId);
  if (!found) return undefined;
  const { deviceId, uuid, name } = found;
  return {
    uuid,
    description: `Device ${name ?? deviceId}${typeof record.serialNumber === 'string' ? `, serial ${record.serialNumber}` : ''}`,
    props: props([
      ['asset-id', deviceId, { oscal: true }],
      ['serial-number', record.serialNumber, { oscal: true }],
      ['model', record.model, { oscal: true }],
      ['os-version', record.osVersion, { oscal: true }],
      ['device-name', name],
      ['platform', record.platform],
    ]),
  };
}

/** An observation's reference to a record's device, with the record's result and reasons. */
function subjectReference(record: DeviceRecord, connectionId: string): Record<string, unknown> | undefined {
  const found = device(record, connectionId);
  if (!found) return undefined;
  const result = recordResult(record);
  return {
    'subject-uuid': found.uuid,
    type: 'inventory-item',
    title: found.name ?? found.deviceId,
    props: props([
      ['result', result?.result],
      ['excepted-result', record.exceptedResult],
      ['exception-id', record.exceptionId],
      ...(result?.reasons ?? []).map((reason): [string, unknown] => [result!.result === 'not_evaluable' ? 'not-evaluable-reason' : 'reason', reason]),
    ]),
  };
}

function evidenceResource(version: EvidenceVersion, names: Map<string, string>, file: EvidenceFile | undefined): Record<string, unknown> {
  const connectionName = names.get(version.connectionId) ?? version.connectionId;
  const path = file?.path ?? artifactPath(connectionName, version);
  return {
    uuid: resourceUuid(version),
    title: `${version.envelope.title} ${version.id}`,
    description: `Collected ${version.collectedAt}, expires ${version.expiresAt}, from ${connectionName}.`,
    props: props([
      ['artifact-sha256', version.sha256],
      ['content-sha256', version.contentSha256],
    ]),
    rlinks: [{ href: path, 'media-type': 'application/json', ...(file ? { hashes: [{ algorithm: 'SHA-256', value: file.sha256 }] } : {}) }],
  };
}
