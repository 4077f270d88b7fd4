/**
 * Is the API host there? DNS first (no API request, no quota), then the first probe's transport error told apart:
 * a host that does not exist (often the wrong region or app segment), DNS itself failing, TLS, refused, timeout.
 */
import { lookup as dnsLookup } from 'node:dns/promises';
import { isIP } from 'node:net';
import { ERROR_TYPES } from '../failures/index.js';
import { IruError, IruTimeoutError, type Region } from '../iru/index.js';
import { otherRegionUrls, parseIruHost, REGION_LABELS } from './iru-host.js';
import type { HostCheck, HostStatus, RegionSuggestion } from './types.js';

/** Resolves a host name to its addresses; swapped in tests (there is no real Iru DNS to ask from here). */
export type Lookup = (hostname: string) => Promise<string[]>;

export const systemLookup: Lookup = async (hostname) => (await dnsLookup(hostname, { all: true })).map((a) => a.address);

const DNS_MISSING = new Set(['ENOTFOUND', 'ENODATA', 'EAI_NONAME', 'EAI_NODATA']);
const TLS = /CERT|TLS|SSL|EPROTO|HANDSHAKE/i;
const API_URL_HINT = 'Iru shows the right address as "Your organization\'s API URL" under Access > API tokens';

/**
 * Public hosts of the vendor that resolve from any machine with a working network: when neither they nor the tenant's
 * host in any region resolves, the machine is offline (or its DNS is down), which says nothing about the tenant.
 */
export const WELL_KNOWN_HOSTS = ['iru.com', 'kandji.io'] as const;

/** Looks the host up; returns a failed HostCheck when it does not resolve (offline told apart from no such tenant), else the addresses. */
export async function checkDns(baseUrl: URL, lookup: Lookup): Promise<HostCheck | { addresses: string[] }> {
  const hostname = baseUrl.hostname.replace(/^\[|\]$/g, '');
  if (isIP(hostname)) return { addresses: [hostname] };
  try {
    return { addresses: await lookup(hostname) };
  } catch (error) {
    const code = errorCodes(error)[0] ?? 'DNS_ERROR';
    const known = parseIruHost(baseUrl.hostname);
    const [suggestion, online] = await Promise.all([known ? firstResolving(known.app, known.region, lookup) : null, anyResolves(WELL_KNOWN_HOSTS, lookup)]);
    if (!suggestion && !online) {
      return failed(
        baseUrl,
        'dns_unavailable',
        code,
        `This machine looks offline: no host name resolves, neither ${hostname} nor ${WELL_KNOWN_HOSTS.join(' or ')} (${code})`,
        "Check this machine's network connection, DNS settings or proxy, then test again",
      );
    }
    if (!DNS_MISSING.has(code)) {
      return failed(
        baseUrl,
        'dns_unavailable',
        code,
        `The name ${hostname} could not be looked up (${code}): DNS is not answering from this machine`,
        "Check this machine's network and DNS settings (or its proxy), then test again",
      );
    }
    return missingHost(baseUrl, code, known, suggestion);
  }
}

/** A host that does not exist: if it is an Iru API host, say in which other region the same app segment is, if any. */
function missingHost(
  baseUrl: URL,
  code: string,
  known: { region: Region; app: string } | undefined,
  suggestion: (RegionSuggestion & { region: Region }) | null,
): HostCheck {
  if (!known) {
    return failed(baseUrl, 'dns_not_found', code, `The host ${baseUrl.hostname} does not exist (${code})`, `Check the base URL: ${API_URL_HINT}`);
  }
  const where = `No tenant "${known.app}" in region ${REGION_LABELS[known.region]}: ${baseUrl.hostname} does not exist (${code})`;
  if (suggestion) {
    const label = REGION_LABELS[suggestion.region];
    return {
      ...failed(
        baseUrl,
        'dns_not_found',
        code,
        `${where}, but ${new URL(suggestion.baseUrl).hostname} does: is the tenant in region ${label}?`,
        `Choose region ${label} (--region ${suggestion.region}); ${API_URL_HINT}`,
      ),
      suggestion,
    };
  }
  return failed(
    baseUrl,
    'dns_not_found',
    code,
    `${where}, nor in any other region`,
    `Check the app segment (the subdomain of the API URL, e.g. "acme" in https://acme.api.kandji.io); ${API_URL_HINT}`,
  );
}

async function anyResolves(hosts: readonly string[], lookup: Lookup): Promise<boolean> {
  const answers = await Promise.all(
    hosts.map((host) =>
      lookup(host).then(
        (a) => a.length > 0,
        () => false,
      ),
    ),
  );
  return answers.includes(true);
}

async function firstResolving(app: string, region: Region, lookup: Lookup): Promise<(RegionSuggestion & { region: Region }) | null> {
  const candidates = otherRegionUrls(app, region);
  const found = await Promise.all(
    candidates.map(async (c) =>
      (await lookup(c.baseUrl.hostname).then(
        (a) => a.length > 0,
        () => false,
      ))
        ? c
        : null,
    ),
  );
  const hit = found.find((c) => c !== null);
  return hit ? { region: hit.region, app, baseUrl: hit.baseUrl.href } : null;
}

/** The host check for a request that got no HTTP answer (the first probe's error). */
export function transportFailure(baseUrl: URL, error: IruError, addresses: string[]): HostCheck {
  const host = baseUrl.host;
  const codes = errorCodes(error.cause);
  const tlsCode = codes.find((c) => TLS.test(c));
  let check: HostCheck;
  if (error instanceof IruTimeoutError) {
    check = failed(
      baseUrl,
      'timeout',
      error.code,
      `${host} did not answer in time: ${error.message}`,
      'A firewall or proxy may be dropping traffic to the Iru API; check outbound HTTPS (port 443) from this machine',
    );
  } else if (codes.includes('ECONNREFUSED')) {
    check = failed(
      baseUrl,
      'connection_refused',
      'ECONNREFUSED',
      `${host} refused the connection (ECONNREFUSED): nothing listens at that address and port`,
      'Check the base URL and port, or the proxy in front of the Iru API',
    );
  } else if (tlsCode) {
    check = failed(
      baseUrl,
      'tls_error',
      tlsCode,
      `The TLS (HTTPS) handshake with ${host} failed (${tlsCode})`,
      "A proxy that intercepts HTTPS, a wrong port, or http and https mixed up: make this machine trust the proxy's certificate or use the Iru host directly",
    );
  } else if (codes.some((c) => DNS_MISSING.has(c))) {
    check = failed(
      baseUrl,
      'dns_not_found',
      codes[0]!,
      `The host ${baseUrl.hostname} does not exist (${codes[0]})`,
      `Check the region and app segment; ${API_URL_HINT}`,
    );
  } else {
    check = failed(
      baseUrl,
      'network_error',
      codes[0] ?? error.code,
      `Could not reach ${host}: ${error.message}`,
      'Check the network path from this machine to the Iru API (proxy, firewall, VPN)',
    );
  }
  return { ...check, addresses };
}

/** Every probed endpoint answered 404: something answers HTTP there, but not the Iru API. */
export function notIru(baseUrl: URL, addresses: string[]): HostCheck {
  return {
    ...failed(
      baseUrl,
      'not_iru',
      ERROR_TYPES.notFound,
      `${baseUrl.host} answered 404 Not Found for every API endpoint: it is not an Iru API at this address`,
      `Check the base URL (no path after the host, unless a proxy needs one); ${API_URL_HINT}`,
    ),
    addresses,
  };
}

export function hostOk(baseUrl: URL, addresses: string[]): HostCheck {
  const resolved = addresses.length ? ` (${addresses.join(', ')})` : '';
  return {
    status: 'ok',
    host: baseUrl.host,
    addresses,
    errorCode: null,
    message: `${baseUrl.host}${resolved} answered over ${baseUrl.protocol === 'https:' ? 'HTTPS' : 'HTTP'}`,
    remedy: null,
    suggestion: null,
  };
}

function failed(baseUrl: URL, status: HostStatus, errorCode: string, message: string, remedy: string): HostCheck {
  return { status, host: baseUrl.host, addresses: [], errorCode, message, remedy, suggestion: null };
}

/** The `code`s along an error's cause chain (undici wraps socket errors), outermost first. */
function errorCodes(error: unknown): string[] {
  const codes: string[] = [];
  for (let e = error, depth = 0; e && typeof e === 'object' && depth < 5; e = (e as { cause?: unknown }).cause, depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string' && !codes.includes(code)) codes.push(code);
  }
  return codes;
}
