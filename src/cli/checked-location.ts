import { checkLocation, type ResolveRegionUrl } from '../diagnose/index.js';
import { CliError } from './exit-codes.js';
import { resolveLocation, type LocationFlags, type ResolvedLocation } from './location-options.js';

/**
 * `--region R --app A` checked with the wizard's specific messages (a URL pasted as the app, upper case, spaces, an
 * unknown region), or `--base-url URL` as `collect` takes it; undefined when neither is given.
 */
export function checkedLocation(flags: LocationFlags, resolve?: ResolveRegionUrl): ResolvedLocation | undefined {
  if (flags.baseUrl || (!flags.region && !flags.app)) return resolveLocation(flags);
  const checked = checkLocation({ region: flags.region, app: flags.app }, resolve);
  if (!checked.ok) throw new CliError(checked.errors.map((e) => `--${e.field}: ${e.message}`).join('\n'));
  const { region, app, baseUrl } = checked.value;
  return { baseUrl, region, app, defaultName: app };
}
