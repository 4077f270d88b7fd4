// One process of the concurrent first start in files.test.ts: waits for the go file, then starts on the shared data folders.
import { existsSync } from 'node:fs';
import path from 'node:path';
import { openStore, TokenCipher } from '../../src/store/index.js';
import { embeddedPort } from '../../src/temporal/embedded-port.js';

const [root, homes, go] = [process.env.FIRST_START_ROOT!, Number(process.env.FIRST_START_HOMES), process.env.FIRST_START_GO!];
const nap = new Int32Array(new SharedArrayBuffer(4));
process.stdout.write('ready\n');
while (!existsSync(go)) Atomics.wait(nap, 0, 0, 1);

// Only the key: many fresh folders one after the other, so that the processes meet on some of them at the same moment.
const sealed: string[] = [];
for (let i = 0; i < homes; i++) {
  sealed.push(
    TokenCipher.fromEnvironment(path.join(root, `key-${i}`), {})
      .encrypt('probe', `home-${i}`)
      .toString('base64'),
  );
}
// The embedded Temporal's port, chosen by whichever process comes first.
const ports: number[] = [];
for (let i = 0; i < homes; i++) ports.push(await embeddedPort({ portFile: path.join(root, `port-${i}`, 'temporal-port') }));
// The whole store: data folder, key, evidence.sqlite and its migrations.
const store = openStore({ IRU_EVIDENCE_HOME: path.join(root, 'store') });
const token = `token-of-${process.pid}`;
const connection = await store.saveConnection({ name: `p-${process.pid}`, baseUrl: 'http://127.0.0.1:9/api/v1', token, freshnessHours: 48 });
await store.close();
process.stdout.write(`${JSON.stringify({ sealed, ports, connectionId: connection.id, token })}\n`);
