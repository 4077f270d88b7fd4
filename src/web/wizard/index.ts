/**
 * The connection wizard for the web app, as a self-contained set of routes: a page (region, app segment with a live
 * API URL preview, "Bearer JWT" token), POST test (the shared diagnosis, rendered) and POST save (only a connection
 * whose test passed). It never accepts a URL: only a region and an app segment matching ^[a-z0-9-]+$.
 * The host app supplies its layout, its admin check and its CSRF token (checked by its own hook: header
 * x-csrf-token or body field _csrf, both sent).
 */
import type { FastifyInstance, FastifyReply, FastifyRequest, preHandlerHookHandler } from 'fastify';
import { z } from 'zod';
import {
  checkConnectionName,
  checkLocation,
  checkToken,
  type CheckedLocation,
  type Diagnose,
  type FieldError,
  type ResolveRegionUrl,
} from '../../diagnose/index.js';
import { REGIONS, resolveBaseUrl, type Region } from '../../iru/index.js';
import { tokenFingerprint, type Connection, type EvidenceStore } from '../../store/index.js';
import { WIZARD_SCRIPT } from './client-script.js';
import { diagnosisHtml } from './diagnosis-html.js';
import { testOutcome } from './test-outcome.js';
import { wizardPage } from './page.js';
import { TestTickets, type TestedConnection } from './test-tickets.js';

export interface WizardOptions {
  store: EvidenceStore;
  diagnose: Diagnose;
  layout: (request: FastifyRequest, title: string, bodyHtml: string) => string;
  requireAdmin: preHandlerHookHandler;
  csrfToken: (request: FastifyRequest) => string;
  /** Where the wizard lives; default /connections/new. */
  prefix?: string;
  /** Called after a connection is saved (e.g. to create its collection schedule). */
  onSaved?: (connection: Connection) => Promise<void> | void;
  /** Where the browser goes once the connection is saved (its page); without it the wizard stays, saying it was saved. */
  savedLocation?: (connection: Connection) => string;
  /** How long a passed test stays valid for Save; default 15 minutes. */
  testValidForMs?: number;
  /** TESTS ONLY: point region + app at the simulator. Production resolves them to the real Iru hosts. */
  resolveBaseUrl?: ResolveRegionUrl;
}

const TOKEN_FIELD = 'the Bearer JWT field';
const NO_URL = 'The wizard takes a region and an app segment, never a URL';

const TestBody = z.object({
  region: z.string().max(40).optional(),
  app: z.string().max(300).optional(),
  token: z.string().max(1000).optional(),
});
const SaveBody = TestBody.extend({ testId: z.string().max(100).optional(), name: z.string().max(200).optional() });

export async function registerWizardRoutes(app: FastifyInstance, options: WizardOptions): Promise<void> {
  const prefix = (options.prefix ?? '/connections/new').replace(/\/+$/, '');
  const resolve = options.resolveBaseUrl ?? resolveBaseUrl;
  const tickets = new TestTickets(options.testValidForMs ?? 15 * 60_000);
  const preHandler = options.requireAdmin;
  const urlTemplates = Object.fromEntries(REGIONS.map((r) => [r, resolve({ region: r, app: 'x-app-x' }).origin.replace('x-app-x', '{app}')])) as Record<
    Region,
    string
  >;

  app.get(prefix, { preHandler }, async (request, reply) => {
    const body = wizardPage({
      csrf: options.csrfToken(request),
      scriptUrl: `${prefix}/wizard.js`,
      testUrl: `${prefix}/test`,
      saveUrl: `${prefix}/save`,
      urlTemplates,
    });
    return reply.type('text/html; charset=utf-8').send(options.layout(request, 'Connect an Iru tenant', body));
  });

  app.get(`${prefix}/wizard.js`, { preHandler }, async (_request, reply) => reply.type('text/javascript; charset=utf-8').send(WIZARD_SCRIPT));

  app.post(`${prefix}/test`, { preHandler }, async (request, reply) => {
    const input = readInput(request, reply, TestBody);
    if (!input) return reply;
    const checked = checkInput(input);
    if ('errors' in checked) return reply.code(400).send({ errors: checked.errors });
    const { location, token } = checked;
    const diagnosis = await options.diagnose({ baseUrl: location.baseUrl, token, region: location.region, app: location.app });
    const testId = diagnosis.canSave ? tickets.issue(tested(location, token)) : null;
    return reply.send({ diagnosis, html: diagnosisHtml(diagnosis), status: testOutcome(diagnosis).status, testId });
  });

  app.post(`${prefix}/save`, { preHandler }, async (request, reply) => {
    const input = readInput(request, reply, SaveBody);
    if (!input) return reply;
    const checked = checkInput(input);
    const name = checkConnectionName(input.name?.trim() || input.app);
    const errors = [...('errors' in checked ? checked.errors : []), ...(name.ok ? [] : [name.error])];
    if ('errors' in checked || !name.ok) return reply.code(400).send({ errors });
    const existing = await options.store.getConnection(name.value);
    if (existing) {
      const message = existing.deletedAt
        ? `The name "${name.value}" belongs to a connection deleted on ${existing.deletedAt}, whose evidence is kept under it: choose another name`
        : `A connection named "${name.value}" already exists: choose another name (its token is replaced by rotation, not here)`;
      return reply.code(409).send({ errors: [{ field: 'name', message }] });
    }
    const { location, token } = checked;
    if (!input.testId || !tickets.redeem(input.testId, tested(location, token))) {
      return reply.code(409).send({
        message:
          'Not saved: test this exact region, app segment and token first; Save works only after a connection test that passed (within the last minutes).',
      });
    }
    const connection = await options.store.saveConnection({
      name: name.value,
      baseUrl: location.baseUrl.href,
      region: location.region,
      app: location.app,
      token,
    });
    await options.onSaved?.(connection);
    return reply.send({
      connection: { id: connection.id, name: connection.name, baseUrl: connection.baseUrl, tokenFingerprint: connection.tokenFingerprint },
      message: `Saved connection "${connection.name}" (${connection.baseUrl}); the token is stored encrypted.`,
      location: options.savedLocation?.(connection) ?? null,
    });
  });

  function checkInput(input: z.infer<typeof TestBody>): { errors: FieldError[] } | { location: CheckedLocation; token: string } {
    const location = checkLocation({ region: input.region, app: input.app }, resolve);
    const token = checkToken(input.token, TOKEN_FIELD);
    const errors: FieldError[] = [...(location.ok ? [] : location.errors), ...(token.ok ? [] : [token.error])];
    if (!location.ok || !token.ok) return { errors };
    return { location: location.value, token: token.value };
  }
}

function readInput<T extends z.ZodType>(request: FastifyRequest, reply: FastifyReply, schema: T): z.infer<T> | undefined {
  const body = request.body;
  if (body && typeof body === 'object' && ('baseUrl' in body || 'url' in body)) {
    reply.code(400).send({ errors: [{ field: 'app', message: NO_URL }] });
    return undefined;
  }
  const parsed = schema.safeParse(body ?? {});
  if (!parsed.success) {
    reply.code(400).send({ message: `Unexpected form data: ${parsed.error.issues.map((i) => `${i.path.join('.')} ${i.message}`).join('; ')}` });
    return undefined;
  }
  return parsed.data;
}

function tested(location: { region: string; app: string; baseUrl: URL }, token: string): TestedConnection {
  return { region: location.region, app: location.app, baseUrl: location.baseUrl.href, tokenFingerprint: tokenFingerprint(token) };
}
