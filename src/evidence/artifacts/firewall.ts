import type { ArtifactDefinition } from '../artifact-definition.js';
import { MAC_ONLY } from '../devices.js';
import { failIf, notEvaluable } from '../evaluation.js';
import { buildPostureEvidence } from '../posture-check.js';
import { signalsByDevice } from '../prism-signals.js';

interface Firewall {
  firewallEnabled: boolean | null;
  stealthMode: boolean | null;
  blockAllIncoming: boolean | null;
}

export const firewall: ArtifactDefinition = {
  type: 'firewall',
  title: 'Host firewall',
  description:
    'macOS application firewall status of every Mac, from Prism: enabled passes, disabled fails; stealth mode and block-all-incoming are ' +
    'recorded. Other platforms are not applicable.',
  sources: ['prism-application-firewall', 'devices'],
  build: (context) =>
    buildPostureEvidence<Firewall>(context, {
      platforms: MAC_ONLY,
      readSignals: (c) =>
        signalsByDevice(c, 'prism-application-firewall', (row): Firewall => ({
          firewallEnabled: row.status ?? null,
          stealthMode: row.stealth_mode ?? null,
          blockAllIncoming: row.block_all_incoming ?? null,
        })),
      noSignal: { firewallEnabled: null, stealthMode: null, blockAllIncoming: null },
      evaluate: (fw) => (fw.firewallEnabled === null ? notEvaluable('missing_data') : failIf({ firewall_off: !fw.firewallEnabled })),
    }),
};
