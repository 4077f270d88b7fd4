import type { EvidenceVersion } from './artifact-envelope.js';
import { DAY_MS, dayString, type AuditPeriod } from './audit-period.js';
import { summaryResults } from './record-results.js';

export interface TrendPoint {
  day: string;
  /**
   * Passing subjects over passing, failing and excepted ones, at the end of the day; null without valid evaluating
   * evidence. An excepted subject did not pass: excepting it must not raise the rate.
   */
  passRate: number | null;
  pass: number;
  fail: number;
  excepted: number;
}

/**
 * The pass rate of each day of `period` up to `now`: at the end of the day (or now, for today), the newest version of
 * each connection and type collected by then and not yet expired counts with its pass and fail subjects. Versions of
 * types that evaluate nothing (inventories) do not count. One sweep per connection and type, in collection order.
 */
export function passRateTrend(period: AuditPeriod, versions: EvidenceVersion[], now: Date): TrendPoint[] {
  const groups = new Map<string, EvidenceVersion[]>();
  for (const version of versions) {
    if (!summaryResults(version.envelope.summary)) continue;
    const key = `${version.connectionId}\u0000${version.type}`;
    groups.set(key, [...(groups.get(key) ?? []), version]);
  }
  const sweeps = [...groups.values()].map((group) => ({ versions: group.sort((a, b) => Date.parse(a.collectedAt) - Date.parse(b.collectedAt)), next: 0 }));
  const points: TrendPoint[] = [];
  for (let i = 0; i < period.days; i++) {
    const dayStart = period.start.getTime() + i * DAY_MS;
    if (dayStart > now.getTime()) break;
    const at = Math.min(dayStart + DAY_MS - 1, now.getTime());
    let pass = 0;
    let fail = 0;
    let excepted = 0;
    for (const sweep of sweeps) {
      while (sweep.next < sweep.versions.length && Date.parse(sweep.versions[sweep.next]!.collectedAt) <= at) sweep.next++;
      const newest = sweep.versions[sweep.next - 1];
      if (!newest || Date.parse(newest.expiresAt) < at) continue;
      const results = summaryResults(newest.envelope.summary)!;
      pass += results.pass;
      fail += results.fail;
      excepted += results.excepted;
    }
    const judged = pass + fail + excepted;
    points.push({ day: dayString(new Date(dayStart)), passRate: judged === 0 ? null : pass / judged, pass, fail, excepted });
  }
  return points;
}
