/**
 * The wizard's inputs (region, app segment, token, connection name), each checked with a message that says exactly
 * what is wrong and what to type instead. Shared by the CLI wizard, the web wizard and `diagnose`.
 */
import { API_TOKEN_SHAPE, APP_SEGMENT, InvalidBaseUrlError, REGIONS, resolveBaseUrl, TOKEN_AS_APP, type Region } from '../iru/index.js';
import { parseIruHost, REGION_LABELS } from './iru-host.js';

export type Field = 'region' | 'app' | 'token' | 'name';

export interface FieldError {
  field: Field;
  message: string;
}

export type Checked<T> = { ok: true; value: T } | { ok: false; error: FieldError };

const UUID = API_TOKEN_SHAPE;
const JWT = /^eyJ[\w-]*\.[\w-]+\.[\w-]*$/;
export const CONNECTION_NAME = /^[A-Za-z0-9_.-]{1,64}$/;
const EXAMPLE = 'for https://acme.api.kandji.io it is "acme"';

const fail = <T>(field: Field, message: string): Checked<T> => ({ ok: false, error: { field, message } });

/** A region: us, eu, iru or iru-eu (also "US", "EU", "Iru" or the menu numbers 1-4). */
export function checkRegion(raw: string | undefined): Checked<Region> {
  const value = (raw ?? '').trim().toLowerCase();
  const choices = REGIONS.map((r) => `${r} (${REGION_LABELS[r]})`).join(', ');
  if (!value) return fail('region', `Choose a region: ${choices}`);
  const byNumber = /^[1-9]$/.test(value) ? REGIONS[Number(value) - 1] : undefined;
  const region = byNumber ?? REGIONS.find((r) => r === value);
  if (!region) return fail('region', `Unknown region "${raw}": choose one of ${choices}`);
  return { ok: true, value: region };
}

/** The app segment: the subdomain of the tenant's API URL, lower-case letters, digits and hyphens. */
export function checkApp(raw: string | undefined): Checked<string> {
  const value = raw ?? '';
  if (value.trim() === '') return fail('app', `Enter the app segment: the subdomain of your Iru API URL (${EXAMPLE})`);
  // A pasted token would become a DNS name and a stored address: refuse it without repeating it.
  if (UUID.test(value.trim())) return fail('app', `${TOKEN_AS_APP.replace(/^t/, 'T')}`);
  if (/[/:]/.test(value) || value.includes('.')) return fail('app', urlPastedMessage(value.trim()));
  if (/\s/.test(value)) {
    const trimmed = value.trim();
    const hint = APP_SEGMENT.test(trimmed) ? `: "${trimmed}"` : '';
    return fail('app', `The app segment must not contain spaces; enter the subdomain alone${hint}`);
  }
  if (/[A-Z]/.test(value)) {
    const lower = value.toLowerCase();
    const hint = APP_SEGMENT.test(lower) ? `: use "${lower}", not "${value}"` : '';
    return fail('app', `The app segment is lower case in Iru API URLs${hint}`);
  }
  if (!APP_SEGMENT.test(value)) {
    const bad = [...new Set(value.replace(/[a-z0-9-]/g, ''))].map((c) => JSON.stringify(c)).join(' ');
    return fail('app', `The app segment may contain only lower-case letters, digits and hyphens, not ${bad} (${EXAMPLE})`);
  }
  if (value.length > 63) return fail('app', 'The app segment is longer than a DNS label (63 characters): enter only the subdomain');
  if (value.startsWith('-') || value.endsWith('-')) return fail('app', 'The app segment cannot start or end with a hyphen');
  return { ok: true, value };
}

function urlPastedMessage(value: string): string {
  let host = value;
  try {
    host = new URL(value.includes('://') ? value : `https://${value}`).hostname;
  } catch {
    // not a URL at all: fall through to the generic message
  }
  const parsed = parseIruHost(host);
  if (parsed) {
    return `"${value}" is an address, not the app segment: enter only "${parsed.app}" and choose the region ${REGION_LABELS[parsed.region]}`;
  }
  const web = /^([a-z0-9-]+)\.(kandji\.io|iru\.com)$/i.exec(host);
  if (web) return `"${value}" is the web app address, not the API: enter only the app segment "${web[1]!.toLowerCase()}"`;
  return `Enter only the app segment, not a URL or host name (${EXAMPLE})`;
}

/**
 * An Iru API token: a UUID, exactly as shown once when it was created under Access > API tokens.
 * `origin` names where it came from ("the token file t.txt", "the Bearer JWT field").
 */
export function tokenProblem(raw: string, origin: string): string | undefined {
  if (raw.length === 0) return `The API token in ${origin} is empty`;
  if (/[\r\n]/.test(raw.trim())) return `The API token in ${origin} spans several lines: paste the token alone, on one line`;
  if (/[\r\n]$/.test(raw)) return `The API token in ${origin} ends with a line break: paste the token alone, without the newline`;
  if (/^\s|\s$/.test(raw)) return `The API token in ${origin} has leading or trailing whitespace; paste the token alone`;
  if (/^bearer\s/i.test(raw)) return `The API token in ${origin} starts with "Bearer": paste the token alone, without the "Bearer " prefix`;
  if (JWT.test(raw))
    return `The value in ${origin} is a JWT (eyJ...), not an Iru API token: Iru API tokens are UUIDs, shown once when created under Access > API tokens`;
  if (!UUID.test(raw)) {
    return (
      `The API token in ${origin} is not an Iru API token: Iru tokens are UUIDs (8-4-4-4-12 hexadecimal digits), as shown once when created ` +
      `under Access > API tokens`
    );
  }
  return undefined;
}

export function checkToken(raw: string | undefined, origin: string): Checked<string> {
  const problem = tokenProblem(raw ?? '', origin);
  return problem ? fail('token', problem) : { ok: true, value: raw! };
}

export function checkConnectionName(raw: string | undefined): Checked<string> {
  const value = raw ?? '';
  if (UUID.test(value))
    return fail('name', 'That is an API token, not a connection name: connection names are shown and logged everywhere; choose a name such as the app segment');
  if (!CONNECTION_NAME.test(value)) return fail('name', `The connection name must be 1-64 letters, digits, dots, dashes or underscores, not "${value}"`);
  return { ok: true, value };
}

export interface CheckedLocation {
  region: Region;
  app: string;
  baseUrl: URL;
}

export type ResolveRegionUrl = (location: { region: Region; app: string }) => URL;

/** Region and app checked together, with the API URL they give; the resolver is swapped only by tests (the simulator). */
export function checkLocation(
  input: { region?: string; app?: string },
  resolve: ResolveRegionUrl = resolveBaseUrl,
): { ok: true; value: CheckedLocation } | { ok: false; errors: FieldError[] } {
  const region = checkRegion(input.region);
  const app = checkApp(input.app);
  const errors = [region, app].flatMap((c) => (c.ok ? [] : [c.error]));
  if (!region.ok || !app.ok) return { ok: false, errors };
  try {
    return { ok: true, value: { region: region.value, app: app.value, baseUrl: resolve({ region: region.value, app: app.value }) } };
  } catch (error) {
    if (error instanceof InvalidBaseUrlError) return { ok: false, errors: [{ field: 'app', message: error.message }] };
    throw error;
  }
}
