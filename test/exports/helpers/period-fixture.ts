import type { Connection, EvidenceStore } from '../../../src/store/index.js';
import { deviceRecord, seedConnection, seedRun, XSS_NAME } from '../../web/helpers/seed.js';

export const NOW = new Date('2024-06-08T06:00:00.000Z');

export interface PeriodFixture {
  connection: Connection;
  inPeriod: string[];
  outside: string;
  failedRunId: string;
}

function trustRecord(i: number, result: string, reasons: string[]): Record<string, unknown> {
  return { deviceId: `dev-${String(i).padStart(6, '0')}`, platform: 'Mac', verified: result === 'pass', result, reasons };
}

/**
 * A connection with a hostile name and evidence around the period 2024-06-01..2024-06-07: an inventory before it,
 * one at its start, a failed run, and a later inventory plus device-trust with failing and not-evaluable devices.
 */
export async function seedPeriod(store: EvidenceStore): Promise<PeriodFixture> {
  const connection = await seedConnection(store, '../../evil corp', 48);
  const before = await seedRun(store, connection, {
    collectedAt: '2024-05-01T00:00:00.000Z',
    artifacts: [{ type: 'device-inventory', records: [deviceRecord(1)] }],
  });
  const first = await seedRun(store, connection, {
    collectedAt: '2024-06-01T00:00:00.000Z',
    artifacts: [{ type: 'device-inventory', records: [deviceRecord(1), deviceRecord(2)] }],
  });
  const failed = await seedRun(store, connection, { collectedAt: '2024-06-04T06:00:00.000Z', status: 'failed', artifacts: [] });
  const trust = [trustRecord(1, 'pass', []), trustRecord(2, 'fail', ['check_in_too_old']), trustRecord(3, 'not_evaluable', ['permission_denied'])];
  const second = await seedRun(store, connection, {
    collectedAt: '2024-06-05T12:00:00.000Z',
    artifacts: [
      { type: 'device-inventory', records: [deviceRecord(1), deviceRecord(2), deviceRecord(3, { deviceName: XSS_NAME })] },
      {
        type: 'device-trust',
        records: trust,
        summary: {
          counts: { pass: 1, fail: 1, not_evaluable: 1, not_applicable: 0, 'fail:check_in_too_old': 1 },
          coverage: {
            evaluated: 2,
            total: 3,
            text: '2 of 3 devices evaluated',
            gaps: [{ reason: 'permission_denied', count: 1, detail: 'the API token lacks the GET permission for this signal' }],
          },
        },
      },
    ],
  });
  return {
    connection,
    inPeriod: [...first.artifacts, ...second.artifacts].map((a) => a.id),
    outside: before.artifacts[0]!.id,
    failedRunId: failed.runId,
  };
}
