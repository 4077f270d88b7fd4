import { describe, expect, it } from 'vitest';
import { collectionWorkflowId, COLLECT_WORKFLOW, progressQuery, scheduledWorkflowId, scheduleIdFor } from '../../src/temporal-contract.js';
import * as workflows from '../../workflows/index.js';

/** Clients start the workflow by name and the worker registers it by its export name: the two must agree. */
describe('the Temporal contract', () => {
  it('names the workflow the worker registers, and the query it answers', () => {
    expect(Object.keys(workflows)).toEqual([COLLECT_WORKFLOW]);
    expect(workflows.collectEvidence.name).toBe(COLLECT_WORKFLOW);
    expect(progressQuery.name).toBe('progress');
  });

  it('gives each connection one schedule, and each on-demand collection its own workflow id', () => {
    expect(scheduleIdFor('acme')).toBe('collect-acme');
    expect(scheduledWorkflowId('acme')).toBe('collect-acme');
    const first = collectionWorkflowId('acme prod/eu');
    expect(first).toMatch(/^collect-acme_prod_eu-[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(collectionWorkflowId('acme prod/eu')).not.toBe(first);
  });
});
