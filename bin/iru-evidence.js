#!/usr/bin/env node
// Runs the compiled CLI (npm install builds it into dist/).
import { existsSync } from 'node:fs';

const entry = new URL('../dist/src/cli/main.js', import.meta.url);
if (!existsSync(entry)) {
  process.stderr.write('iru-evidence is not built yet: run `npm install` (or `npm run build`) in the project folder\n');
  process.exit(4);
}
// `iru-evidence ... | head` closes the pipe early: that is not an error.
process.stdout.on('error', (error) => {
  if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0);
  throw error;
});
const { main } = await import(entry.href);
process.exitCode = await main(process.argv);
