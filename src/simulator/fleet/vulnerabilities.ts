/** Vulnerability detections: per Mac, a few CVEs against software every Mac has (the core apps). */

import { Rng } from '../random/prng.js';
import { CVES } from './catalog.js';
import type { PrefixIndex } from './prefix-index.js';
import { MICROS_PER_DAY, MICROS_PER_HOUR, isoZ } from './time.js';
import type { SimDevice, SimVulnDetection } from './types.js';

export interface VulnerabilityContext {
  seed: number;
  nowMicros: number;
  index: PrefixIndex;
  device(index: number): SimDevice;
}

export function vulnerabilityDetection(context: VulnerabilityContext, index: number): SimVulnDetection {
  const { owner: deviceIndex, row } = context.index.locate(index);
  const device = context.device(deviceIndex);
  const cves = new Rng(context.seed, 'device-vulns', deviceIndex).sample(CVES.length, context.index.countOf(deviceIndex));
  const cve = CVES[cves[row]!]!;
  const app = device.apps.find((candidate) => candidate.name === cve.software);
  if (!app) throw new Error(`vulnerable software ${cve.software} missing on device ${deviceIndex}`);
  const rng = new Rng(context.seed, 'vuln-detection', deviceIndex, row);
  const first = context.nowMicros - rng.int(2, 120) * MICROS_PER_DAY - rng.int(0, MICROS_PER_DAY - 1);
  return {
    index,
    deviceIndex,
    deviceId: device.id,
    cveId: cve.cveId,
    cveDescription: cve.description,
    cvssScore: cve.cvss,
    severity: cve.severity,
    softwareName: app.name,
    bundleId: app.bundleId,
    version: app.version,
    path: app.path,
    firstDetectedAt: isoZ(first),
    latestDetectedAt: isoZ(context.nowMicros - rng.int(1, 47) * MICROS_PER_HOUR),
  };
}
