import { InvalidBaseUrlError, resolveBaseUrl, tenantKey, type Region } from '../iru/index.js';
import { CliError } from './exit-codes.js';

export interface LocationFlags {
  region?: string;
  app?: string;
  baseUrl?: string;
}

export interface ResolvedLocation {
  baseUrl: URL;
  region: Region | null;
  app: string | null;
  /** A default connection name: the app segment, or the host. */
  defaultName: string;
}

/** `--region R --app A` or `--base-url URL`, validated; undefined when neither is given. */
export function resolveLocation(flags: LocationFlags): ResolvedLocation | undefined {
  const { region, app, baseUrl } = flags;
  if (baseUrl && (region || app)) throw new CliError('Give either --region and --app, or --base-url, not both');
  if (baseUrl) {
    const url = wrap(() => resolveBaseUrl({ baseUrl }));
    return { baseUrl: url, region: null, app: null, defaultName: tenantKey(url).replace(/[^A-Za-z0-9_.-]/g, '-') };
  }
  if (!region && !app) return undefined;
  if (!region) throw new CliError('--app needs --region (us, eu or iru)');
  if (!app) throw new CliError('--region needs --app, the subdomain of your Iru API URL (for https://acme.api.kandji.io it is "acme")');
  const url = wrap(() => resolveBaseUrl({ region: region as Region, app }));
  return { baseUrl: url, region: region as Region, app, defaultName: app };
}

function wrap(resolve: () => URL): URL {
  try {
    return resolve();
  } catch (error) {
    if (error instanceof InvalidBaseUrlError) throw new CliError(error.message);
    throw error;
  }
}
