import { randomUUID } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { Client, Connection as TemporalConnection } from '@temporalio/client';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { startSimulator, type RunningSimulator } from '../../src/simulator/index.js';
import { tokenFingerprint, type Connection } from '../../src/store/index.js';
import { DEFAULT_SCHEDULE, deleteSchedule, describeSchedule, setSchedule } from '../../src/temporal/schedules.js';
import { runCliInProcess } from '../helpers/run-cli.js';
import { sql } from '../helpers/store-sql.js';
import { tempStore } from '../helpers/store.js';

const GOOD = randomUUID();
const NEW = randomUUID();
const storage = tempStore();
const taskQueue = `cli-connections-${randomUUID()}`;
const env = {
  IRU_EVIDENCE_HOME: storage.dir,
  IRU_EVIDENCE_KEY: storage.key.toString('base64'),
  DATABASE_URL: '',
  TEMPORAL_ADDRESS: inject('temporalAddress'),
  TEMPORAL_NAMESPACE: inject('temporalNamespace'),
  TEMPORAL_TASK_QUEUE: taskQueue,
  IRU_API_TOKEN: '',
};
const cli = (...args: string[]) => runCliInProcess(args, env);
let sim: RunningSimulator;
let temporal: TemporalConnection;
let client: Client;
const names: string[] = [];

beforeAll(async () => {
  sim = await startSimulator({ fleet: { seed: 5, devices: 10 }, tokens: { [GOOD]: { permissions: 'all' }, [NEW]: { permissions: 'all' } } });
  temporal = await TemporalConnection.connect({ address: env.TEMPORAL_ADDRESS });
  client = new Client({ connection: temporal, namespace: env.TEMPORAL_NAMESPACE });
});

afterAll(async () => {
  await Promise.all(names.map((n) => deleteSchedule(client, n).catch(() => false)));
  await temporal?.close();
  await sim?.close();
  await storage.cleanup();
});

async function saved(prefix: string): Promise<Connection> {
  const name = `${prefix}-${randomUUID().slice(0, 8)}`;
  names.push(name);
  return storage.store.saveConnection({ name, baseUrl: sim.url, token: GOOD });
}

function tokenFile(token: string): string {
  const file = path.join(storage.dir, `${randomUUID()}.token`);
  writeFileSync(file, token, { mode: 0o600 });
  return file;
}

describe('iru-evidence connections', () => {
  it('has help for each subcommand, pointing at the schedule and collect commands for pausing and collecting', async () => {
    const help = await cli('connections', '--help');
    expect(help.code).toBe(0);
    for (const sub of ['list', 'show', 'rotate-token', 'delete']) expect(help.stdout).toMatch(new RegExp(`^  ${sub}`, 'm'));
    expect(help.stdout).toContain('iru-evidence schedule pause|resume --connection NAME');
    const deleteHelp = await cli('connections', 'delete', '--help');
    expect(deleteHelp.stdout).toContain('--yes');
    expect(deleteHelp.stdout.replace(/\s+/g, ' ')).toContain('its runs and Artifacts are kept');
  });

  it('lists and shows connections (never the token), deleted ones only when asked', async () => {
    const live = await saved('listed');
    const gone = await saved('gone');
    await storage.store.deleteConnection(gone.id, { at: '2026-01-02T03:04:05.000Z', by: 'alice' });

    const text = await cli('connections', 'list');
    expect(text.code, text.stderr).toBe(0);
    expect(text.stdout).toContain(`${live.name}  ${sim.url}  ok  token ${live.tokenFingerprint}  never collected`);
    expect(text.stdout).not.toContain(gone.name);
    expect(text.stdout).toMatch(/\(\d+ deleted connection\(s\) not shown: --deleted lists them\)/);
    const all = JSON.parse((await cli('connections', 'list', '--deleted', '--json')).stdout) as { name: string; deletedAt: string | null }[];
    expect(all.find((c) => c.name === gone.name)?.deletedAt).toBe('2026-01-02T03:04:05.000Z');
    expect(all.find((c) => c.name === live.name)?.deletedAt).toBeNull();

    await setSchedule(client, taskQueue, live, DEFAULT_SCHEDULE);
    const shown = await cli('connections', 'show', live.name, '--json');
    expect(shown.code, shown.stderr).toBe(0);
    const view = JSON.parse(shown.stdout);
    expect(view.connection).toMatchObject({ name: live.name, tokenFingerprint: tokenFingerprint(GOOD), deletedAt: null });
    expect(view.schedule).toMatchObject({ known: true, schedule: { paused: false, everyMs: 86_400_000 } });
    expect(view.attention).toMatchObject({ status: 'never_collected' });
    expect(shown.stdout).not.toContain(GOOD);
    const goneText = await cli('connections', 'show', gone.name);
    expect(goneText.stdout).toMatch(new RegExp(`^${gone.name}: deleted 2026-01-02T03:04:05.000Z by alice \\(token destroyed; evidence kept\\)`));
    const missing = await cli('connections', 'show', 'no-such');
    expect(missing.code).toBe(2);
    expect(missing.stderr).toBe('iru-evidence: No saved connection named "no-such"\n');
  });

  it('rotate-token keeps the old token when the new one fails the test (exit 3), and replaces it when it passes', async () => {
    const connection = await saved('rotating');
    const rejected = await cli('connections', 'rotate-token', connection.name, `--token-file=${tokenFile(randomUUID())}`, '--json');
    expect(rejected.code).toBe(3);
    expect(JSON.parse(rejected.stdout)).toMatchObject({ rotated: false, verdict: 'token_rejected', tokenFingerprint: connection.tokenFingerprint });
    expect(await storage.store.readToken(connection.id)).toBe(GOOD);

    const rotated = await cli('connections', 'rotate-token', connection.name, `--token-file=${tokenFile(NEW)}`, '--json');
    expect(rotated.code, rotated.stderr).toBe(0);
    expect(JSON.parse(rotated.stdout)).toMatchObject({
      connection: connection.name,
      rotated: true,
      previousFingerprint: tokenFingerprint(GOOD),
      tokenFingerprint: tokenFingerprint(NEW),
    });
    expect(await storage.store.readToken(connection.id)).toBe(NEW);
  });

  it('delete asks for --yes off a terminal, then deletes schedule and token, keeps the runs, and keeps the name taken', async () => {
    const connection = await saved('deleting');
    await setSchedule(client, taskQueue, connection, DEFAULT_SCHEDULE);
    await storage.store.startRun({ id: `run-${connection.name}`, connectionId: connection.id, workflowId: 'gone-wf', startedAt: '2026-01-01T00:00:00.000Z' });

    const unconfirmed = await cli('connections', 'delete', connection.name);
    expect(unconfirmed.code).toBe(2);
    expect(unconfirmed.stderr).toContain('Not deleted: confirm with --yes');
    expect((await storage.store.getConnection(connection.id))?.deletedAt).toBeNull();

    const deleted = await cli('connections', 'delete', connection.name, '--yes', '--json');
    expect(deleted.code, deleted.stderr).toBe(0);
    expect(JSON.parse(deleted.stdout)).toMatchObject({ name: connection.name, scheduleDeleted: true });
    const [row] = await sql<{ c: Buffer; deletedAt: string }>(
      storage.store,
      'SELECT token_ciphertext AS c, deleted_at AS "deletedAt" FROM connections WHERE id = ?',
      [connection.id],
    );
    expect(Buffer.from(row!.c).length).toBe(0);
    expect(row!.deletedAt).toMatch(/^\d{4}-/);
    expect(await describeSchedule(client, connection.name)).toBeUndefined();
    expect(await storage.store.getRun(`run-${connection.name}`)).toBeDefined();

    const again = await cli('connections', 'delete', connection.name, '--yes');
    expect(again.code).toBe(2);
    expect(again.stderr).toContain('was already deleted');
    const reused = await cli('connect', `--base-url=${sim.url}`, `--token-file=${tokenFile(GOOD)}`, `--name=${connection.name}`);
    expect(reused.code).toBe(2);
    expect(reused.stderr).toContain(`The name "${connection.name}" belongs to a connection deleted on`);
    const rotate = await cli('connections', 'rotate-token', connection.name, `--token-file=${tokenFile(NEW)}`);
    expect(rotate.code).toBe(2);
    expect(rotate.stderr).toContain('was deleted');
  });
});
