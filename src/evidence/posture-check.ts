import type { BuildContext, BuiltEvidence } from './artifact-definition.js';
import { deviceFacts, deviceIdentity, outOfScope, type DeviceIdentity } from './devices.js';
import { notEvaluable, type Evaluation, type SummaryOptions } from './evaluation.js';
import { EvaluatedRecords } from './evidence-builder.js';
import { signalGap } from './freshness.js';
import type { DeviceSignal } from './prism-signals.js';
import { rowsOf } from './rows.js';
import { byKeys } from './sort.js';
import { POSTURE_SIGNAL_MAX_AGE_DAYS, postureSignalThreshold } from './thresholds.js';

/** A per-device security setting read from Prism and judged on every device of the platforms it applies to. */
export interface PostureCheck<Fields extends object> {
  platforms: ReadonlySet<string>;
  /** The signal of each device, keyed by device id (bounded by the fleet). */
  readSignals(context: BuildContext): Promise<Map<string, DeviceSignal<Fields>>>;
  /** The record fields of a device without a signal: every one null. */
  noSignal: Fields;
  evaluate(fields: Fields): Evaluation;
  /** A verdict that holds however old the Prism signal is (or whether there is one), decided before freshness. */
  settledRegardlessOfAge?(fields: Fields): Evaluation | undefined;
  /** Gap explanations of a signal read elsewhere than from Prism (a denied source's route). */
  gapDetail?: SummaryOptions['gapDetail'];
}

export type PostureRecord<Fields> = { deviceId: string } & DeviceIdentity & { platform: string } & Fields & { lastCollectedAt: string | null } & Evaluation;

/**
 * One record per device of GET /devices: not applicable off-platform or once removed; not evaluable without a
 * Prism row (missing_data) or with one older than the posture threshold (stale); otherwise the check decides.
 */
export async function buildPostureEvidence<Fields extends object>(context: BuildContext, check: PostureCheck<Fields>): Promise<BuiltEvidence> {
  const signals = await check.readSignals(context);
  const records = new EvaluatedRecords<PostureRecord<Fields>>(
    context,
    byKeys((r) => [r.deviceId]),
  );
  const matched = new Set<string>();
  for await (const row of rowsOf(context, 'devices')) {
    const device = deviceFacts(row);
    const signal = signals.get(device.deviceId);
    if (signal) matched.add(device.deviceId);
    const evaluation = outOfScope(device, check.platforms) ?? judge(signal, check, context.now);
    const record = {
      deviceId: device.deviceId,
      ...deviceIdentity(row),
      platform: device.platform,
      ...(signal?.fields ?? check.noSignal),
      lastCollectedAt: signal?.lastCollectedAt ?? null,
      ...evaluation,
    };
    await records.add(record as PostureRecord<Fields>, signal?.lastCollectedAt);
  }
  return records.build({
    subjects: 'devices',
    gapDetail: {
      missing_data: 'Prism has no value of this signal for the device',
      stale: `Prism last collected the signal more than ${POSTURE_SIGNAL_MAX_AGE_DAYS} days before this collection`,
      ...check.gapDetail,
    },
    counts: { prismRowsWithoutDevice: signals.size - matched.size },
    thresholds: [postureSignalThreshold()],
  });
}

function judge<Fields extends object>(signal: DeviceSignal<Fields> | undefined, check: PostureCheck<Fields>, now: Date): Evaluation {
  if (!signal) return notEvaluable('missing_data');
  return check.settledRegardlessOfAge?.(signal.fields) ?? signalGap(signal.lastCollectedAt, now, POSTURE_SIGNAL_MAX_AGE_DAYS) ?? check.evaluate(signal.fields);
}
