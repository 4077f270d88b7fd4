/**
 * The four Device Secrets endpoints. They exist only so tests can prove the collector never calls
 * them; every value is fake.
 */

import { Rng } from '../random/prng.js';
import type { Fleet, SimDevice } from '../fleet/types.js';

type SecretKind = 'filevaultkey' | 'bypasscode' | 'unlockpin' | 'recoverypassword';

export const SECRET_KINDS: readonly SecretKind[] = ['filevaultkey', 'bypasscode', 'unlockpin', 'recoverypassword'];

export function deviceSecret(fleet: Fleet, device: SimDevice, kind: SecretKind): Record<string, unknown> {
  const rng = new Rng(fleet.spec.seed, `device-secret-${kind}`, device.index);
  const group = () => rng.serialChars(4);
  switch (kind) {
    case 'filevaultkey':
      return { key: device.filevault?.enabled ? Array.from({ length: 6 }, group).join('-') : null };
    case 'bypasscode':
      return { user_based_albc: `${group()}-${group()}-${group()}`, device_based_albc: `${group()}-${group()}-${group()}` };
    case 'unlockpin':
      return { pin: device.platform === 'Mac' ? rng.digits(6) : null };
    case 'recoverypassword':
      return { recovery_password: device.platform === 'Mac' ? `${group()}${group()}` : null };
  }
}
