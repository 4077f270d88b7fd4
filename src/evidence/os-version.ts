/** Numeric parts of a dotted version ("14.4.1" -> [14, 4, 1]); null for anything else ("24H2", ""), which is never compared. */
export function versionParts(version: string | null): number[] | null {
  const text = version?.trim() ?? '';
  return /^\d+(\.\d+)*$/.test(text) ? text.split('.').map(Number) : null;
}

/** Compares numerically part by part, missing parts counting as 0: 14.0 = 14, 13.7.1 < 14.0, 14.10 > 14.9. */
export function compareVersions(a: number[], b: number[]): number {
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    const d = (a[i] ?? 0) - (b[i] ?? 0);
    if (d !== 0) return Math.sign(d);
  }
  return 0;
}
