import { ERROR_TYPES } from '../failures/index.js';
import { z } from 'zod';

/** Kandji's hosts and Iru's (tenants answer on both; EU tenants on Iru's EU host: ../shared/reference/iru-api-observed.md, Hosts). */
export const REGIONS = ['us', 'eu', 'iru', 'iru-eu'] as const;
export type Region = (typeof REGIONS)[number];

export const APP_SEGMENT = /^[a-z0-9-]+$/;

/** The shape of an Iru API token (a UUID). Such a value is never an address part or a name: it would leak the token. */
export const API_TOKEN_SHAPE = /^[0-9A-Fa-f]{8}(-[0-9A-Fa-f]{4}){3}-[0-9A-Fa-f]{12}$/;
export const TOKEN_AS_APP =
  'that is an API token, not the app segment: the token goes in the token file or the Bearer JWT field and is never part of the address; the app ' +
  'segment is the subdomain of your Iru API URL (for "https://acme.api.kandji.io" it is "acme")';

const HOST_BY_REGION: Record<Region, (app: string) => string> = {
  us: (app) => `https://${app}.api.kandji.io`,
  eu: (app) => `https://${app}.api.eu.kandji.io`,
  iru: (app) => `https://${app}.api.iru.com`,
  'iru-eu': (app) => `https://${app}.api.eu.iru.com`,
};

export const RegionLocation = z.object({
  region: z.enum(REGIONS, { error: (issue) => `unknown region ${JSON.stringify(issue.input)}: use one of ${REGIONS.join(', ')}` }),
  app: z
    .string()
    .min(1, 'the app segment is empty')
    .max(63, 'the app segment is longer than a DNS label (63 characters)')
    .regex(
      APP_SEGMENT,
      'the app segment is the subdomain of your Iru API URL: lower-case letters, digits and hyphens only (for "https://acme.api.kandji.io" it is "acme")',
    )
    .refine((app) => !app.startsWith('-') && !app.endsWith('-'), 'the app segment cannot start or end with a hyphen (it is a DNS label)')
    .refine((app) => !API_TOKEN_SHAPE.test(app), TOKEN_AS_APP),
});
export const TenantLocation = z.union([RegionLocation, z.object({ baseUrl: z.string() })]);
export type TenantLocation = z.infer<typeof TenantLocation>;

export class InvalidBaseUrlError extends Error {
  override readonly name = 'InvalidBaseUrlError';
  readonly code = ERROR_TYPES.invalidBaseUrl;
}

/** The API base URL (origin, plus a path prefix when behind a proxy) for a region and app segment, or an explicit base URL. */
export function resolveBaseUrl(location: TenantLocation): URL {
  if ('region' in location) {
    const parsed = RegionLocation.safeParse(location);
    if (!parsed.success) throw new InvalidBaseUrlError(parsed.error.issues.map((i) => i.message).join('; '));
    return new URL(HOST_BY_REGION[location.region](location.app));
  }
  let url: URL;
  try {
    url = new URL(location.baseUrl);
  } catch {
    throw new InvalidBaseUrlError(`--base-url ${JSON.stringify(location.baseUrl)} is not a URL (expected for example https://acme.api.kandji.io)`);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new InvalidBaseUrlError(`--base-url must be http or https, not ${url.protocol}`);
  if (url.username || url.password) throw new InvalidBaseUrlError('--base-url must not carry credentials; pass the token with --token-file');
  if (url.search || url.hash) throw new InvalidBaseUrlError('--base-url must not have a query string or fragment');
  url.pathname = url.pathname.replace(/\/+$/, '').replace(/\/api\/v\d+$/, '');
  return url;
}

/** The tenant key for budgets and logs: the API host, e.g. "acme.api.kandji.io" or "127.0.0.1:40123". */
export function tenantKey(baseUrl: URL): string {
  return `${baseUrl.host}${baseUrl.pathname === '/' ? '' : baseUrl.pathname}`;
}

/** Iru's and Kandji's API and web hosts (`acme.api.kandji.io`, `acme.kandji.io`, `acme.api.eu.iru.com`, ...); group 1 is the app segment. */
const VENDOR_HOST = /^([a-z0-9-]+)\.(?:api\.)?(?:eu\.)?(?:kandji\.io|iru\.com)$/;

/**
 * Whether a link is on one of the tenant's own Iru hosts, which the API names in its links: `/users` answers an API at
 * acme.api.kandji.io with `next` links on the web host https://acme.kandji.io (../shared/reference/iru-api-observed.md,
 * Paging). Such a link is re-based on the base URL, never requested as it is. Behind a proxy or on a local server the app
 * segment is unknown, so the Iru and Kandji hosts of any app are accepted; https on the default port only.
 */
export function isTenantLinkHost(link: URL, base: URL): boolean {
  if (link.protocol !== 'https:' || link.port !== '' || link.username || link.password) return false;
  const linkApp = VENDOR_HOST.exec(link.hostname)?.[1];
  if (!linkApp) return false;
  const baseApp = VENDOR_HOST.exec(base.hostname)?.[1];
  return baseApp === undefined || baseApp === linkApp;
}
