/* Generated from schemas/artifacts/firewall.schema.json by scripts/gen-types.mjs. Do not edit. */

/**
 * Application firewall status of one device (GET /api/v1/prism/application_firewall joined to GET /api/v1/devices).
 */
export interface FirewallRecord {
  /**
   * The Iru device id.
   */
  deviceId: string;
  /**
   * Iru platform: Mac, iPhone, iPad, AppleTV, ...
   */
  platform: string;
  firewallEnabled: boolean | null;
  stealthMode: boolean | null;
  blockAllIncoming: boolean | null;
  /**
   * When Prism last collected the signal.
   */
  lastCollectedAt: string | null;
  result: 'pass' | 'fail' | 'not_evaluable' | 'not_applicable' | 'excepted';
  /**
   * Empty for pass. fail: firewall_off. not_evaluable: one of stale, missing_data, unknown_value, transient, permission_denied. not_applicable: platform_out_of_scope (the control does not cover this platform), device_removed (no longer managed).
   */
  reasons: string[];
  /**
   * With result excepted: the result the record would have had without the exception (only failing records are excepted).
   */
  exceptedResult?: 'fail';
  /**
   * With result excepted: the exception that applied (summary.exceptions lists it with its justification, approver and last day).
   */
  exceptionId?: string;
}
