/* Generated from schemas/artifacts/collection-run.schema.json by scripts/gen-types.mjs. Do not edit. */

/**
 * How one source of this collection run ended: the evidence that the other Artifacts are complete.
 */
export interface CollectionRunRecord {
  /**
   * The endpoint catalog name of the source.
   */
  source: string;
  status: 'succeeded' | 'failed' | 'not_applicable';
  /**
   * Rows collected.
   */
  records: number;
  /**
   * Why the source failed: permission_denied, rate_limited, transient, invalid_response, ...
   */
  errorCode: string | null;
  /**
   * The route that read the source when not its own endpoint: a cheaper path, or the catalog's route for a denied permission (devices?filevault_enabled=true|false); null for the source's own endpoint.
   */
  via: string | null;
  /**
   * The GET permission the API token lacks for this source, as the token screen names it: set when the source failed permission_denied (result not_evaluable), and when it was read completely through its denied route instead (result pass: the evidence is complete, the permission is still missing). Null otherwise.
   */
  deniedPermission: string | null;
  result: 'pass' | 'fail' | 'not_evaluable' | 'not_applicable' | 'excepted';
  /**
   * Empty for pass. fail: the error code of a source that failed for a lasting reason (invalid_response, request_refused, ...); a missing permission is not_evaluable permission_denied and a rate limit or transient error not_evaluable transient. not_evaluable: one of stale, missing_data, unknown_value, transient, permission_denied. not_applicable: not_entitled (the tenant has no such product).
   */
  reasons: string[];
}
