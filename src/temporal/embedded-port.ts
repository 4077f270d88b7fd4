import { readFileSync } from 'node:fs';
import path from 'node:path';
import { createFileOnce } from '../config/create-once.js';
import { privateFolder } from '../config/home.js';
import { freePort } from './free-port.js';

/**
 * The embedded dev server's port: the one the admin set (IRU_EVIDENCE_TEMPORAL_PORT), else one the product chose. A
 * well-known port such as 7233 is where a developer's own Temporal server usually runs; instead a free port is chosen on
 * first start and kept in `portFile` (0600), so every later command, the worker and the web app find the same server.
 * Concurrent first starts agree on one port: the first to create the file wins and the others read it.
 */
export async function embeddedPort(config: { port?: number; portFile: string }): Promise<number> {
  if (config.port !== undefined) return config.port;
  const chosen = readChosenPort(config.portFile);
  if (chosen !== undefined) return chosen;
  privateFolder(path.dirname(config.portFile));
  createFileOnce(config.portFile, `${await freePort()}\n`);
  const agreed = readChosenPort(config.portFile);
  if (agreed === undefined) throw new Error(`${config.portFile} does not hold a port number: remove it and a free port is chosen again`);
  return agreed;
}

/** The port in `portFile`, or undefined when there is none yet. */
export function readChosenPort(portFile: string): number | undefined {
  let text: string;
  try {
    text = readFileSync(portFile, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
  const port = Number(text.trim());
  return Number.isInteger(port) && port >= 1 && port <= 65535 ? port : undefined;
}
