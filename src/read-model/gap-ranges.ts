import type { GapCause, TimelineDay, TimelineRow } from './timeline.js';

/** Consecutive days of one timeline row with the same state (partial or gap) and the same cause. */
export interface GapRange {
  label: string;
  state: 'partial' | 'gap';
  cause: GapCause;
  from: string;
  to: string;
  days: number;
  /** The first day's explanation. */
  detail: string;
  /** How many other explanations later days of the range give (other failed runs, for instance). */
  otherDetails: number;
}

/** The partial and gap days of each row merged into ranges, by row (in the timeline's order) then start. */
export function gapRanges(rows: TimelineRow[]): GapRange[] {
  return rows.flatMap((row) => {
    const ranges: { range: GapRange; details: Set<string> }[] = [];
    let open: { range: GapRange; details: Set<string> } | undefined;
    for (const day of row.days) {
      if (day.state !== 'partial' && day.state !== 'gap') {
        open = undefined;
        continue;
      }
      const cause = day.cause ?? 'no_run';
      const detail = day.detail ?? '';
      if (open && open.range.state === day.state && open.range.cause === cause) {
        open.range.to = day.day;
        open.range.days += 1;
        open.details.add(detail);
      } else {
        open = { range: startRange(row.label, day, cause, detail), details: new Set([detail]) };
        ranges.push(open);
      }
    }
    return ranges.map(({ range, details }) => ({ ...range, otherDetails: details.size - 1 }));
  });
}

function startRange(label: string, day: TimelineDay, cause: GapCause, detail: string): GapRange {
  return { label, state: day.state as GapRange['state'], cause, from: day.day, to: day.day, days: 1, detail, otherDetails: 0 };
}
