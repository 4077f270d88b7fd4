import { randomUUID } from 'node:crypto';
import { CONNECTOR_VERSION } from '../../collector/version.js';
import { actionEvidence, judgeAction } from '../../read-model/action-judgement.js';
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
 * control action, satisfied or not-satisfied, with every reason and not-evaluable count in props and remarks.
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

  const findings = framework.controls.flatMap((control) =>
    actionEvidence(control, evidence.latest, scope).map((action) => {
      const judgement = judgeAction(action, evidence.timelines.get(control.id));
      const related = action.evidence.flatMap((e) => e.versions.map((v) => ({ 'observation-uuid': observationUuid(v) })));
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
        ]),
        target: {
          type: 'objective-id',
          'target-id': oscalToken(`${framework.id}_${action.action.id}`, 'o'),
          title: `${framework.name} ${control.id}`,
          status: {
            state: judgement.satisfied ? 'satisfied' : 'not-satisfied',
            reason: judgement.satisfied ? 'pass' : judgement.verdict === 'not_satisfied' ? 'fail' : 'other',
          },
        },
        'related-observations': nonEmpty(related),
        remarks: judgement.satisfied
          ? 'Every mapped artifact type has valid evidence for the period, with no failing or not-evaluable subjects. Partial coverage mappings ' +
            'evidence part of the action only; the assessor judges the rest.'
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
    remarks: gapLines.length > 0 ? `Coverage: ${coverage.text}.\n${gapLines.join('\n')}` : `Coverage: ${coverage.text}.`,
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
