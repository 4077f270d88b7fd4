import { describe, expect, it } from 'vitest';
import { sourceErrorOfType } from '../../src/collector/source-error.js';
import { ERROR_TYPES, EXIT_CODES, FAILURES, failureOf, failureOfType, faultOf, NON_RETRYABLE_TYPES, scrubSecrets } from '../../src/failures/index.js';

describe('the failure vocabulary', () => {
  it('maps every error type (IruError codes, activity failure types) to exactly one failure', () => {
    for (const type of Object.values(ERROR_TYPES)) {
      const owners = Object.values(FAILURES).filter((f) => (f.types as readonly string[]).includes(type));
      expect(owners, type).toHaveLength(1);
      expect(failureOfType(type)).toBe(owners[0]);
    }
  });

  it('knows every code a source error can carry', () => {
    for (const type of [...Object.values(ERROR_TYPES), undefined]) expect(failureOf(sourceErrorOfType(type, 'm').code), String(type)).toBeDefined();
  });

  it('has the exit codes the README documents: 1 failed, 2 bad input, 3 token rejected, 4 environment', () => {
    expect(EXIT_CODES).toEqual({ OK: 0, RUN_FAILED: 1, USAGE: 2, UNAUTHORIZED: 3, ENVIRONMENT: 4, PARTIAL: 5, INTERRUPTED: 130 });
    expect(FAILURES.tenant_not_found.exitCode).toBe(2);
    expect(FAILURES.offline.exitCode).toBe(4);
    expect(FAILURES.host_unreachable.exitCode).toBe(1);
    expect(FAILURES.cancelled.exitCode).toBe(130);
    expect(FAILURES.token_rejected.exitCode).toBe(3);
    expect(FAILURES.budget_unavailable.exitCode).toBe(4);
    expect(FAILURES.unknown_source.exitCode).toBe(2);
    expect(FAILURES.transient.exitCode).toBe(1);
  });

  it('never answers an Iru failure with 401 or 403 on the web (those mean the web session), and hides our own bugs as 500', () => {
    for (const failure of Object.values(FAILURES)) expect([401, 403]).not.toContain(failure.httpStatus);
    expect(FAILURES.token_rejected.httpStatus).toBe(502);
    expect(FAILURES.request_refused.httpStatus).toBe(500);
    expect(FAILURES.connection_not_found.httpStatus).toBe(404);
  });

  it('blames the customer only for credentials, permission and entitlement, and marks the connection only on proof', () => {
    expect(faultOf(FAILURES.invalid_response)).toBe('upstream');
    expect(FAILURES.invalid_response.connection).toBe('unchanged');
    expect(FAILURES.unauthorized.connection).toBe('unchanged'); // a lone 401 may be a missing permission
    expect(FAILURES.token_rejected.connection).toBe('needs_attention');
    const customer = Object.values(FAILURES)
      .filter((f) => faultOf(f) === 'customer')
      .map((f) => f.code);
    expect(customer.sort()).toEqual(['not_entitled', 'permission_denied', 'token_rejected', 'unauthorized']);
    for (const failure of Object.values(FAILURES)) if (failure.connection !== 'unchanged') expect(faultOf(failure)).toBe('customer');
  });

  it('lists only codes (no class names) as Temporal non-retryable types', () => {
    expect(NON_RETRYABLE_TYPES).toContain(ERROR_TYPES.tokenRejected);
    expect(NON_RETRYABLE_TYPES).toContain(ERROR_TYPES.invalidResponse);
    expect(NON_RETRYABLE_TYPES).not.toContain(ERROR_TYPES.rateLimited);
    for (const type of NON_RETRYABLE_TYPES) expect(type).toMatch(/^[A-Z_]+$/);
  });

  it('scrubs a token and any Bearer value out of text', () => {
    const token = '0c5a1b2e-1111-4222-8333-444455556666';
    expect(scrubSecrets(`Authorization: Bearer ${token}; again ${token}`, [token])).toBe('Authorization: Bearer [redacted]; again [redacted]');
  });
});
