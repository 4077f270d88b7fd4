import { once } from 'node:events';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { Command } from 'commander';
import { artifactDocumentChunks } from '../../evidence/index.js';
import { exportJson } from '../../exports/json-export.js';
import { auditPeriod } from '../../read-model/audit-period.js';
import { BadInputError, NotFoundError } from '../../read-model/errors.js';
import { findFramework } from '../../read-model/framework-lookup.js';
import type { ExportScope } from '../../read-model/period-evidence.js';
import type { Connection } from '../../store/index.js';
import { CliError } from '../exit-codes.js';
import { prettyArtifactChunks } from '../output/pretty-artifact.js';
import { savedConnection } from '../saved-connection.js';
import type { Runtime } from '../runtime.js';

const FORMATS = ['json', 'csv', 'zip', 'oscal'] as const;
type Format = (typeof FORMATS)[number];

interface ExportFlags {
  connection?: string;
  out: string;
  format: string;
  framework?: string;
  from?: string;
  to?: string;
  json?: boolean;
}

export function registerArtifacts(program: Command, runtime: () => Runtime): void {
  const artifacts = program.command('artifacts').description('List, show and export stored Artifacts');

  artifacts
    .command('list')
    .description("List a connection's current Artifacts")
    .option('--connection <name>', 'a saved connection (default: the only one saved)')
    .option('--json', 'print JSON')
    .action(async (flags: { connection?: string; json?: boolean }) => {
      const rt = runtime();
      const connection = await savedConnection(rt.store, flags.connection);
      const current = await rt.store.currentArtifacts(connection.id);
      const rows = current.map((a) => ({
        id: a.id,
        type: a.type,
        records: a.recordCount,
        collectedAt: a.collectedAt,
        runId: a.runId,
        sha256: a.sha256,
        contentSha256: a.contentSha256,
      }));
      if (flags.json) return void process.stdout.write(`${JSON.stringify(rows, null, 2)}\n`);
      if (rows.length === 0)
        return void process.stdout.write(`No Artifacts yet for ${connection.name}: run \`iru-evidence collect --connection ${connection.name}\`\n`);
      for (const r of rows) process.stdout.write(`${r.type.padEnd(28)} ${String(r.records).padStart(7)} records  collected ${r.collectedAt}  ${r.id}\n`);
    });

  artifacts
    .command('show')
    .description('Print one Artifact version: indented on a terminal, else the stored JSON document as hashed (canonical, one line)')
    .argument('<id>', 'an Artifact id (art_…)')
    .option('--canonical', 'print the canonical document (one line, as hashed) even on a terminal')
    .action(async (id: string, flags: { canonical?: boolean }) => {
      if (!/^art_[0-9a-f]{24}$/.test(id)) throw new CliError(`"${id}" is not an Artifact id (art_ followed by 24 hex digits; see \`artifacts list\`)`);
      const { store } = runtime();
      const artifact = await store.getArtifact(id);
      if (!artifact) throw new CliError(`No Artifact ${id}`);
      if (process.stdout.isTTY && !flags.canonical) return print(prettyArtifactChunks(store, artifact));
      await print(artifactDocumentChunks(store, artifact));
      process.stdout.write('\n');
    });

  artifacts
    .command('export')
    .description("Export a connection's Artifacts: json and csv write its current Artifacts; zip and oscal cover a framework and a period")
    .option('--connection <name>', 'a saved connection (default: the only one saved)')
    .requiredOption('--out <dir>', 'the folder to write into')
    .option('--format <format>', `one of ${FORMATS.join(', ')}`, 'json')
    .option('--framework <id>', 'zip and oscal: the framework (soc2, iso27001-2022, nist-800-53r5, cis-v8, hipaa, pci-dss-4.0)')
    .option('--from <YYYY-MM-DD>', 'zip and oscal: the first day of the period (UTC; default 29 days before --to)')
    .option('--to <YYYY-MM-DD>', 'zip and oscal: the last day of the period (UTC; default today)')
    .option('--json', 'print the manifest as JSON')
    .action(async (flags: ExportFlags) => {
      if (!(FORMATS as readonly string[]).includes(flags.format)) throw new CliError(`--format must be one of ${FORMATS.join(', ')}, not "${flags.format}"`);
      const format = flags.format as Format;
      if ((format === 'json' || format === 'csv') && (flags.framework || flags.from || flags.to)) {
        throw new CliError(`--framework, --from and --to apply to --format zip and oscal; --format ${format} writes the current Artifacts`);
      }
      const rt = runtime();
      const connection = await savedConnection(rt.store, flags.connection);
      const outDir = path.resolve(flags.out);
      if (format === 'zip' || format === 'oscal') {
        const scope = exportScope(flags, connection);
        exportFolder(flags.out, outDir);
        const { writePackageFile, writeOscalFile } = await import('../../exports/period-files.js');
        const written =
          format === 'zip' ? await writePackageFile(rt.store, scope, outDir, new Date()) : await writeOscalFile(rt.store, scope, outDir, new Date());
        if (flags.json) return void process.stdout.write(`${JSON.stringify(written, null, 2)}\n`);
        return void process.stdout.write(`Wrote ${written.file} (${written.artifacts} Artifact versions, ${scope.period.from} to ${scope.period.to})\n`);
      }
      const current = await rt.store.currentArtifacts(connection.id);
      if (current.length === 0) throw new CliError(`No Artifacts to export for ${connection.name}: run a collection first`);
      exportFolder(flags.out, outDir);
      const exportFiles = format === 'csv' ? (await import('../../exports/csv-files.js')).exportCsv : exportJson;
      const manifest = await exportFiles(rt.store, current, connection.name, outDir);
      if (flags.json) return void process.stdout.write(`${JSON.stringify(manifest, null, 2)}\n`);
      process.stdout.write(`Wrote ${manifest.files.length} Artifacts and manifest.json to ${outDir}\n`);
    });
}

function exportScope(flags: ExportFlags, connection: Connection): ExportScope {
  if (!flags.framework) throw new CliError(`--format ${flags.format} needs --framework: the framework whose controls the export covers`);
  try {
    return { framework: findFramework(flags.framework), period: auditPeriod(flags.from, flags.to, new Date()), connection };
  } catch (error) {
    if (error instanceof BadInputError || error instanceof NotFoundError) throw new CliError(error.message.replace(/"from"/, '--from').replace(/"to"/, '--to'));
    throw error;
  }
}

/** The export folder, created if missing; a path that cannot be one (a file, no permission) is bad input, said plainly. */
function exportFolder(out: string, outDir: string): void {
  // Kernel file systems are never an export folder, and Node 20's recursive mkdir spins forever under /proc.
  if (/^\/(proc|sys)(\/|$)/.test(outDir))
    throw new CliError(`--out ${JSON.stringify(out)} is inside a system folder (${outDir.split('/')[1]}): give the path of a folder you may write to`);
  try {
    mkdirSync(outDir, { recursive: true });
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? (error as Error).message;
    throw new CliError(`--out ${JSON.stringify(out)} cannot be the export folder (${code}): give the path of a folder you may write to, not of a file`);
  }
}

/** Writes the chunks to stdout as they come, waiting whenever it is full. */
async function print(chunks: AsyncIterable<string>): Promise<void> {
  for await (const chunk of chunks) if (!process.stdout.write(chunk)) await once(process.stdout, 'drain');
}
