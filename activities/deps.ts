import type { CollectorDeps } from '../src/collector/deps.js';
import type { NotifyConfig } from '../src/notify/notifier.js';

/** What the activities need from the process that hosts them (the worker). */
export interface ActivityDeps extends CollectorDeps {
  /** Where "needs attention" notices go. */
  notify?: NotifyConfig;
  /** Days a finished run's raw pages are kept after a later run of the same connection is published; undefined keeps them. */
  rawPageRetentionDays?: number;
  /** Pauses a connection's schedule, if it has one: the worker's Temporal client does it (src/temporal/schedules.ts). */
  pauseSchedule(connectionName: string, note: string): Promise<void>;
}
