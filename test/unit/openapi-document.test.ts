import { Ajv2020 } from 'ajv/dist/2020.js';
import { afterAll, describe, expect, it } from 'vitest';
import { buildWebApp, OPENAPI_DOCUMENT } from '../../src/web/server.js';
import { tempStore } from '../helpers/store.js';

const storage = tempStore();
afterAll(() => storage.cleanup());

type Operations = Record<string, { operationId: string; responses: Record<string, { content?: Record<string, { schema: unknown }> }> }>;
const document = JSON.parse(JSON.stringify(OPENAPI_DOCUMENT)) as { openapi: string; paths: Record<string, Operations>; components: { schemas: object } };

/** "METHOD /path/{}" for every route the app serves under /api/v1, read from Fastify's route tree (HEAD goes with GET). */
function servedOperations(tree: string): Set<string> {
  const served = new Set<string>();
  const parents: string[] = [];
  for (const line of tree.split('\n')) {
    const match = /^((?:│ {3}| {4})*)(?:├── |└── )(.+?)(?: \(([^)]*)\))?$/.exec(line);
    if (!match) continue;
    const depth = match[1]!.length / 4;
    const path = (depth === 0 ? '' : parents[depth - 1]!.replace(/\/$/, '') + (match[2]!.startsWith('/') || match[2]!.startsWith('.') ? '' : '/')) + match[2];
    parents[depth] = path;
    if (!path.startsWith('/api/v1/') || !match[3]) continue;
    for (const method of match[3].split(', ')) if (method !== 'HEAD') served.add(`${method} ${path.replace(/:[A-Za-z]+(\|:[A-Za-z]+)*/g, '{}')}`);
  }
  return served;
}

describe('the OpenAPI document', () => {
  it('describes every /api/v1 operation the app serves, and nothing it does not', async () => {
    const app = await buildWebApp({ store: storage.store });
    await app.ready();
    const served = servedOperations(app.printRoutes({ commonPrefix: false }));
    await app.close();
    const documented = new Set(
      Object.entries(document.paths).flatMap(([path, operations]) =>
        Object.keys(operations).map((m) => `${m.toUpperCase()} ${path.replace(/\{[^}]+\}/g, '{}')}`),
      ),
    );
    expect(served.size).toBeGreaterThan(40);
    expect(
      [...served].filter((op) => !documented.has(op)),
      'served but not documented',
    ).toEqual([]);
    expect(
      [...documented].filter((op) => !served.has(op)),
      'documented but not served',
    ).toEqual([]);
  });

  it('is OpenAPI 3.1 whose every operation has a unique id, the error response, and schemas that compile', () => {
    expect(document.openapi).toBe('3.1.0');
    const ajv = new Ajv2020({ strict: false, validateFormats: false });
    ajv.addSchema(document as object, 'openapi');
    const ids = new Set<string>();
    for (const [path, operations] of Object.entries(document.paths)) {
      for (const [method, operation] of Object.entries(operations)) {
        expect(ids.has(operation.operationId), operation.operationId).toBe(false);
        ids.add(operation.operationId);
        expect(operation.responses.default?.content?.['application/json']?.schema, `${method} ${path}`).toEqual({ $ref: '#/components/schemas/Error' });
        for (const [status, response] of Object.entries(operation.responses)) {
          if (!response.content?.['application/json']) continue;
          const pointer = `openapi#/paths/${path.replace(/~/g, '~0').replace(/\//g, '~1')}/${method}/responses/${status}/content/application~1json/schema`;
          expect(() => ajv.compile({ $ref: pointer }), `${method} ${path} ${status}`).not.toThrow();
        }
      }
    }
  });
});
