/** Reading an Iru API host back into its region and app segment, the inverse of resolveBaseUrl. */
import { REGIONS, resolveBaseUrl, type Region } from '../iru/index.js';

export const REGION_LABELS: Record<Region, string> = { us: 'US', eu: 'EU', iru: 'Iru', 'iru-eu': 'Iru EU' };

/** The region and app of an Iru API host (acme.api.eu.kandji.io -> eu, acme), or undefined for any other host. */
export function parseIruHost(hostname: string): { region: Region; app: string } | undefined {
  const host = hostname.toLowerCase();
  for (const region of REGIONS) {
    const suffix = resolveBaseUrl({ region, app: 'x' }).hostname.slice(1);
    if (host.endsWith(suffix)) {
      const app = host.slice(0, -suffix.length);
      if (/^[a-z0-9-]+$/.test(app)) return { region, app };
    }
  }
  return undefined;
}

/** The same app segment in every other region: where to look when the configured host does not exist. */
export function otherRegionUrls(app: string, region: Region): { region: Region; baseUrl: URL }[] {
  return REGIONS.filter((r) => r !== region).map((r) => ({ region: r, baseUrl: resolveBaseUrl({ region: r, app }) }));
}
