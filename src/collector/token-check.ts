import { ENDPOINT_NAMES, endpoint, type IruHttp } from '../iru/index.js';

/** Endpoints read once (first row only) to settle whether a token that got 401 is rejected: every list without a parent or licence. */
const PROBE_PATHS: readonly string[] = [
  ...new Set(
    ENDPOINT_NAMES.map(endpoint)
      .filter((e) => !e.expand && !e.entitlement)
      .map((e) => e.path),
  ),
];

/**
 * After a 401, and before any answer proved the token accepted, asks other endpoints until the token's credential gate
 * decides (at most 3 endpoints in all answer 401): a lone 401 is a missing permission on some tenants, not proof of a
 * bad token. Throws the rejection when the token is rejected.
 */
export async function confirmToken(http: IruHttp, signal?: AbortSignal): Promise<void> {
  const gate = http.credentials;
  for (const path of PROBE_PATHS) {
    if (gate.state !== 'undecided' || gate.rejectedBy.length === 0) break;
    if (gate.rejectedBy.includes(path)) continue;
    await http.get(http.url(path, { limit: 1 }), () => undefined, signal).catch(() => undefined);
  }
  if (gate.state === 'rejected') throw gate.rejection();
}
