import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { createUser } from '../../../src/web/auth/users.js';
import { buildWebApp, type WebAppOptions } from '../../../src/web/server.js';
import type { EvidenceStore } from '../../../src/store/index.js';
import { OPENAPI_DOCUMENT } from '../../../src/web/openapi/document.js';
import { OpenApiValidator } from '../../helpers/openapi.js';

export const PASSWORD = 'correct horse battery staple';

export async function seedUsers(store: EvidenceStore): Promise<void> {
  await createUser(store, { username: 'alice', password: PASSWORD, role: 'admin' });
  await createUser(store, { username: 'audrey', password: PASSWORD, role: 'auditor' });
}

/** The web app as `serve` builds it; every JSON API answer it gives is checked against its OpenAPI document. */
export async function testApp(options: WebAppOptions): Promise<FastifyInstance> {
  const app = await buildWebApp(options);
  checkApiAnswers(app);
  await app.ready();
  return app;
}

/**
 * Fails any /api/v1 answer the OpenAPI document does not describe: it becomes a 500 and the reason goes to stderr, so
 * the test that received it fails. A streamed body is not read: its status and content type are checked.
 */
function checkApiAnswers(app: FastifyInstance): void {
  const validator = new OpenApiValidator(JSON.parse(JSON.stringify(OPENAPI_DOCUMENT)));
  app.addHook('onSend', async (request, reply, payload) => {
    if (!request.url.startsWith('/api/v1/') || request.method === 'HEAD') return payload;
    const body = typeof payload === 'string' ? payload : Buffer.isBuffer(payload) ? payload.toString('utf8') : payload == null ? '' : undefined;
    const contentType = String(reply.getHeader('content-type') ?? '');
    const problem = validator.problem({ method: request.method, url: request.url, status: reply.statusCode, contentType, body });
    if (problem) {
      const message = `OpenAPI: ${request.method} ${request.url} -> ${reply.statusCode}: ${problem}`;
      console.error(message);
      throw new Error(message);
    }
    return payload;
  });
}

/** The value of a cookie the response sets, with its attributes. */
export function setCookie(response: LightMyRequestResponse, name: string): { value: string; attributes: string } | undefined {
  const header = response.headers['set-cookie'];
  const all = Array.isArray(header) ? header : header ? [header] : [];
  const line = all.find((c) => c.startsWith(`${name}=`));
  if (!line) return undefined;
  const [pair, ...attributes] = line.split(';');
  return { value: decodeURIComponent(pair!.slice(name.length + 1)), attributes: attributes.join(';') };
}

export interface Session {
  cookie: string;
  csrf: string;
}

/** Signs in through the form as a browser would, and returns the session cookie and the page's CSRF token. */
export async function signIn(app: FastifyInstance, username: string, password = PASSWORD): Promise<Session> {
  const form = await app.inject({ method: 'GET', url: '/login' });
  const loginCsrf = setCookie(form, 'iru_login_csrf')!.value;
  const response = await app.inject({
    method: 'POST',
    url: '/login',
    headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: `iru_login_csrf=${loginCsrf}` },
    payload: new URLSearchParams({ username, password, _csrf: loginCsrf, next: '/frameworks' }).toString(),
  });
  if (response.statusCode !== 303) throw new Error(`sign-in failed: ${response.statusCode} ${response.body.slice(0, 300)}`);
  const cookie = `iru_session=${setCookie(response, 'iru_session')!.value}`;
  const page = await app.inject({ method: 'GET', url: '/frameworks', headers: { cookie } });
  const csrf = /<meta name="csrf-token" content="([^"]+)">/.exec(page.body)![1]!;
  return { cookie, csrf };
}
