/** Our namespace for OSCAL props whose names OSCAL does not define. */
export const IRU_NS = 'https://iru-evidence.dev/ns/oscal';
export const OSCAL_VERSION = '1.0.6';

export interface OscalProp {
  name: string;
  value: string;
  ns?: string;
  class?: string;
  remarks?: string;
}

/**
 * An OSCAL token (XML NCName) from any identifier: `CM-8(1)` -> `CM-8.1`, `164.312(a)(2)(iv)` -> `164.312.a.2.iv`,
 * other characters -> `_`, prefixed when it would not start with a letter or underscore.
 */
export function oscalToken(id: string, prefix: string): string {
  const cleaned = id.replace(/\(([^)]*)\)/g, '.$1').replace(/[^\p{L}\p{N}._-]/gu, '_');
  return /^[\p{L}_]/u.test(cleaned) ? cleaned : `${prefix}_${cleaned}`;
}

/** NIST SP 800-53 control ids as NIST's own OSCAL catalog writes them (`cm-8.1`); other frameworks prefixed by id. */
export function oscalControlId(frameworkId: string, controlId: string): string {
  if (frameworkId.startsWith('nist-800-53')) return oscalToken(controlId, 'c').toLowerCase();
  return oscalToken(`${frameworkId}_${controlId}`, 'c');
}

/** OSCAL strings must not be empty nor start or end with whitespace; inner whitespace collapses to one space. */
function oscalString(value: unknown): string | undefined {
  if (value === null || value === undefined) return undefined;
  const text = String(value).replace(/\s+/g, ' ').trim();
  return text === '' ? undefined : text;
}

/** Props for the values that are present, in our namespace unless OSCAL defines the name. */
export function props(entries: [name: string, value: unknown, options?: { class?: string; oscal?: boolean }][]): OscalProp[] | undefined {
  const list: OscalProp[] = [];
  for (const [name, value, options] of entries) {
    const text = oscalString(value);
    if (text === undefined) continue;
    list.push({ name, value: text, ...(options?.oscal ? {} : { ns: IRU_NS }), ...(options?.class ? { class: options.class } : {}) });
  }
  return list.length > 0 ? list : undefined;
}

/** OSCAL arrays must not be empty: an empty list is left out. */
export function nonEmpty<T>(items: T[]): T[] | undefined {
  return items.length > 0 ? items : undefined;
}
