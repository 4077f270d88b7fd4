/** Injected faults: each applies to the next `times` requests whose path (or route template) matches. */

export interface Fault {
  path?: string | RegExp;
  kind: 'status' | 'cut-body' | 'malformed-json' | 'slow' | 'rate-limit';
  status?: number;
  delayMs?: number;
  retryAfterSec?: number;
  /** For a `status` fault: its body repeats the request's Authorization header, as some gateways and proxies do. */
  echoAuthorization?: boolean;
  times: number;
}

/** The body of a `status` fault. */
export function statusFaultBody(fault: Fault, status: number, authorization: string | undefined): { detail: string } {
  if (fault.echoAuthorization) return { detail: `Bad request: header Authorization: ${authorization ?? ''} is not accepted by this gateway` };
  return { detail: `Simulated upstream error ${status}` };
}

function normalise(path: string): string {
  return path.length > 1 ? path.replace(/\/$/, '') : path;
}

export class FaultQueue {
  private faults: { fault: Fault; left: number }[] = [];

  inject(fault: Fault): void {
    if (!Number.isInteger(fault.times) || fault.times < 1) throw new RangeError('fault.times must be a positive integer');
    this.faults.push({ fault, left: fault.times });
  }

  clear(): void {
    this.faults = [];
  }

  /** The first pending fault matching this request, consuming one of its uses. */
  take(path: string, template: string | undefined): Fault | undefined {
    const entry = this.faults.find(({ fault }) => matches(fault.path, normalise(path), template));
    if (!entry) return undefined;
    entry.left--;
    if (entry.left === 0) this.faults = this.faults.filter((candidate) => candidate !== entry);
    return entry.fault;
  }
}

function matches(pattern: Fault['path'], path: string, template: string | undefined): boolean {
  if (pattern === undefined) return true;
  if (pattern instanceof RegExp) return pattern.test(path);
  const wanted = normalise(pattern);
  return wanted === path || wanted === template;
}
