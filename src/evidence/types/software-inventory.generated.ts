/* Generated from schemas/artifacts/software-inventory.schema.json by scripts/gen-types.mjs. Do not edit. */

/**
 * One application across the fleet (GET /api/v1/prism/apps), with how many installations of each version.
 */
export interface SoftwareInventoryRecord {
  /**
   * The app's bundle id; apps without one are grouped by name.
   */
  bundleId: string | null;
  name: string | null;
  /**
   * Prism rows of this app: one per device and install path.
   */
  installations: number;
  /**
   * Installations Iru reports an update for.
   */
  updateAvailable: number;
  /**
   * Distinct sources (apple, mac_app_store, identified_developer, ...), sorted.
   */
  obtainedFrom: string[];
  /**
   * Sorted by version text, in code-point order.
   */
  versions: {
    version: string | null;
    installations: number;
  }[];
}
