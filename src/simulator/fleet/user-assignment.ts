/**
 * Device -> user assignment as an invertible map, so a user's devices can be found without a scan:
 * device i (if it has a user) belongs to user perm(i mod U); user j owns devices k, k+U, k+2U, ...
 * where k = perm⁻¹(j).
 */

function gcd(a: number, b: number): number {
  return b === 0 ? a : gcd(b, a % b);
}

function modInverse(a: number, modulus: number): number {
  let [oldR, r] = [a, modulus];
  let [oldS, s] = [1, 0];
  while (r !== 0) {
    const q = Math.floor(oldR / r);
    [oldR, r] = [r, oldR - q * r];
    [oldS, s] = [s, oldS - q * s];
  }
  return ((oldS % modulus) + modulus) % modulus;
}

export class UserAssignment {
  private readonly multiplier: number;
  private readonly inverse: number;
  private readonly shift: number;

  constructor(
    readonly userCount: number,
    readonly deviceCount: number,
    seed: number,
  ) {
    let multiplier = userCount > 1 ? Math.abs(seed * 7919 + 104729) % userCount || 1 : 1;
    while (userCount > 1 && gcd(multiplier, userCount) !== 1) multiplier = (multiplier + 1) % userCount || 1;
    this.multiplier = multiplier;
    this.inverse = userCount > 1 ? modInverse(multiplier, userCount) : 1;
    this.shift = userCount > 0 ? Math.abs(seed * 31) % userCount : 0;
  }

  /** The user a device would belong to (callers check the device actually has a user). */
  userOf(deviceIndex: number): number | null {
    if (this.userCount === 0) return null;
    return (this.multiplier * (deviceIndex % this.userCount) + this.shift) % this.userCount;
  }

  /** Devices that map to this user, in ascending order (callers filter those without a user). */
  candidateDevices(userIndex: number): number[] {
    if (this.userCount === 0) return [];
    const slot = (this.inverse * (((userIndex - this.shift) % this.userCount) + this.userCount)) % this.userCount;
    const out: number[] = [];
    for (let device = slot; device < this.deviceCount; device += this.userCount) out.push(device);
    return out;
  }
}
