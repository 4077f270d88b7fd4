// `iru-evidence` from the sources, for tests that run the CLI as a child process (as bin/iru-evidence.js runs dist/).
import { main } from '../../src/cli/main.js';

process.exitCode = await main(process.argv);
