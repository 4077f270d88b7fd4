// Pre-bundles the compiled workflows into dist/workflow-bundle.js, as Temporal recommends for production workers:
// a worker then loads the bundle instead of running webpack at every start (seconds of CPU and a few hundred MB).
import { writeFileSync } from 'node:fs';
import { bundleWorkflowCode, DefaultLogger } from '@temporalio/worker';

const dist = new URL('../dist/', import.meta.url);
const { code } = await bundleWorkflowCode({ workflowsPath: new URL('workflows/index.js', dist).pathname, logger: new DefaultLogger('WARN') });
writeFileSync(new URL('workflow-bundle.js', dist), code);
