import path from 'node:path';
import type { Command } from 'commander';
import { exportJson } from '../../exports/json-export.js';
import type { Connection } from '../../store/index.js';
import { CliError } from '../exit-codes.js';
import type { Runtime } from '../runtime.js';

const FORMATS = ['json'] as const;

export function registerArtifacts(program: Command, runtime: () => Runtime): void {
  const artifacts = program.command('artifacts').description('List, show and export stored Artifacts');

  artifacts
    .command('list')
    .description("List a connection's current Artifacts")
    .requiredOption('--connection <name>', 'a saved connection')
    .option('--json', 'print JSON')
    .action(async (flags: { connection: string; json?: boolean }) => {
      const rt = runtime();
      const connection = await savedConnection(rt, flags.connection);
      const current = await rt.store.currentArtifacts(connection.id);
      const rows = current.map((a) => ({ id: a.id, type: a.type, records: a.recordCount, collectedAt: a.collectedAt, runId: a.runId, sha256: a.sha256, contentSha256: a.contentSha256 }));
      if (flags.json) return void process.stdout.write(`${JSON.stringify(rows, null, 2)}\n`);
      if (rows.length === 0) return void process.stdout.write(`No Artifacts yet for ${connection.name}: run \`iru-evidence collect --connection ${connection.name}\`\n`);
      for (const r of rows) process.stdout.write(`${r.type.padEnd(28)} ${String(r.records).padStart(7)} records  collected ${r.collectedAt}  ${r.id}\n`);
    });

  artifacts
    .command('show')
    .description('Print one Artifact version (the stored JSON document)')
    .argument('<id>', 'an Artifact id (art_…)')
    .action(async (id: string) => {
      if (!/^art_[0-9a-f]{24}$/.test(id)) throw new CliError(`"${id}" is not an Artifact id (art_ followed by 24 hex digits; see \`artifacts list\`)`);
      const artifact = await runtime().store.getArtifact(id);
      if (!artifact) throw new CliError(`No Artifact ${id}`);
      process.stdout.write(`${artifact.document}\n`);
    });

  artifacts
    .command('export')
    .description("Export a connection's current Artifacts")
    .requiredOption('--connection <name>', 'a saved connection')
    .requiredOption('--out <dir>', 'the folder to write into')
    .option('--format <format>', `one of ${FORMATS.join(', ')}`, 'json')
    .option('--json', 'print the manifest as JSON')
    .action(async (flags: { connection: string; out: string; format: string; json?: boolean }) => {
      if (!(FORMATS as readonly string[]).includes(flags.format)) throw new CliError(`--format must be one of ${FORMATS.join(', ')}, not "${flags.format}"`);
      const rt = runtime();
      const connection = await savedConnection(rt, flags.connection);
      const current = await rt.store.currentArtifacts(connection.id);
      if (current.length === 0) throw new CliError(`No Artifacts to export for ${connection.name}: run a collection first`);
      const outDir = path.resolve(flags.out);
      const manifest = exportJson(current, connection.name, outDir);
      if (flags.json) return void process.stdout.write(`${JSON.stringify(manifest, null, 2)}\n`);
      process.stdout.write(`Wrote ${manifest.files.length} Artifacts and manifest.json to ${outDir}\n`);
    });
}

async function savedConnection(rt: Runtime, name: string): Promise<Connection> {
  const connection = await rt.store.getConnection(name);
  if (!connection) throw new CliError(`No saved connection named "${name}"`);
  return connection;
}
