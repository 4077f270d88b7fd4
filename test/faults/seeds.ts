/** How many seeded runs each long matrix makes: FAULT_SEEDS (default 20), bounded to keep CI finite. */
export function faultSeeds(defaultCount = 20): number[] {
  const raw = process.env.FAULT_SEEDS;
  const count = raw === undefined || raw === '' ? defaultCount : Number(raw);
  if (!Number.isInteger(count) || count < 1 || count > 500) throw new Error(`FAULT_SEEDS must be a whole number from 1 to 500, not "${raw}"`);
  const base = Number(process.env.FAULT_SEED_BASE ?? 1);
  return Array.from({ length: count }, (_, i) => base + i);
}
