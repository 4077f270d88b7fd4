import { createHash } from 'node:crypto';
import type { NewEvent, RunSummary } from '../store/index.js';

/** The events a webhook may subscribe to. */
export const EVENT_TYPES = ['run.completed', 'artifact.published', 'connection.needs_attention'] as const;
export type EventType = (typeof EVENT_TYPES)[number];

export function isEventType(value: string): value is EventType {
  return (EVENT_TYPES as readonly string[]).includes(value);
}

/** The same happening gives the same id, so an event recorded twice (a retried activity) is recorded once. */
function eventId(type: EventType, key: string): string {
  return `evt_${createHash('sha256').update(`${type}\u0000${key}`).digest('hex').slice(0, 24)}`;
}

export interface RunCompletedData {
  runId: string;
  connectionId: string;
  status: RunSummary['status'];
  startedAt: string;
  finishedAt: string;
  artifacts: { id: string; type: string; sha256: string; records: number }[];
  error: RunSummary['error'];
}

export interface ArtifactPublishedData {
  artifactId: string;
  type: string;
  connectionId: string;
  runId: string;
  sha256: string;
  contentSha256: string;
  records: number;
}

export interface NeedsAttentionData {
  connectionId: string;
  connection: string;
  reason: string;
  remedy: string | null;
  runId: string;
}

/**
 * What a run's publication tells: run.completed (every outcome), and artifact.published for each Artifact it made
 * current (none when it failed). Recorded in the publishing transaction.
 */
export function publicationEvents(summary: RunSummary, at: string): NewEvent[] {
  const published = summary.status === 'failed' ? [] : summary.artifacts;
  const completed: RunCompletedData = {
    runId: summary.runId,
    connectionId: summary.connectionId,
    status: summary.status,
    startedAt: summary.startedAt,
    finishedAt: summary.finishedAt,
    artifacts: published.map((a) => ({ id: a.id, type: a.type, sha256: a.sha256, records: a.records })),
    error: summary.error,
  };
  return [
    ...published.map((a): NewEvent => {
      const data: ArtifactPublishedData = {
        artifactId: a.id,
        type: a.type,
        connectionId: summary.connectionId,
        runId: summary.runId,
        sha256: a.sha256,
        contentSha256: a.contentSha256,
        records: a.records,
      };
      return { id: eventId('artifact.published', a.id), type: 'artifact.published', createdAt: at, data };
    }),
    { id: eventId('run.completed', summary.runId), type: 'run.completed', createdAt: at, data: completed },
  ];
}

/** A connection marked needs_attention after a run. */
export function needsAttentionEvent(data: NeedsAttentionData, at: string): NewEvent {
  return { id: eventId('connection.needs_attention', data.runId), type: 'connection.needs_attention', createdAt: at, data };
}
