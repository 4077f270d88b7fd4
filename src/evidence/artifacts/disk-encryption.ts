import type { PrismFilevaultRow } from '../../iru/schemas/prism.js';
import type { ArtifactDefinition } from '../artifact-definition.js';
import { MAC_ONLY } from '../devices.js';
import { failIf, notEvaluable } from '../evaluation.js';
import { buildPostureEvidence } from '../posture-check.js';
import { signalsByDevice } from '../prism-signals.js';

interface FileVault {
  encrypted: boolean | null;
  keyEscrowed: boolean | null;
  keyType: string | null;
}

export const diskEncryption: ArtifactDefinition = {
  type: 'disk-encryption',
  title: 'Disk encryption (FileVault)',
  description: 'FileVault status of every Mac, from Prism: encrypted Macs pass, unencrypted ones fail; whether the recovery key is escrowed in Iru is recorded. Other platforms are not applicable.',
  sources: ['prism-filevault', 'devices'],
  build: (context) =>
    buildPostureEvidence<FileVault>(context, {
      platforms: MAC_ONLY,
      readSignals: (c) =>
        signalsByDevice<PrismFilevaultRow, FileVault>(c, 'prism-filevault', (row) => ({
          encrypted: row.status ?? null,
          keyEscrowed: row.key_escrowed ?? null,
          keyType: row.key_type || null,
        })),
      noSignal: { encrypted: null, keyEscrowed: null, keyType: null },
      evaluate: (fv) => (fv.encrypted === null ? notEvaluable('missing_data') : failIf({ filevault_off: !fv.encrypted })),
    }),
};
