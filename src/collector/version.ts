import { readFileSync } from 'node:fs';

const pkg = JSON.parse(readFileSync(new URL(import.meta.url.includes('/dist/') ? '../../../package.json' : '../../package.json', import.meta.url), 'utf8')) as {
  version: string;
};

/** The connector version recorded in every Artifact's source. */
export const CONNECTOR_VERSION = `iru-evidence/${pkg.version}`;
