import { readFileSync } from 'node:fs';
import type { Command } from 'commander';
import { CliError, EXIT } from '../exit-codes.js';
import { positiveInt } from '../parse.js';
import type { Runtime } from '../runtime.js';
import { webAppTemporal } from '../running-client.js';
import { scheduleOnSave } from '../scheduling.js';
import { cliDiagnose } from './diagnose.js';
import { untilSignal } from '../signals.js';

export interface ServeFlags {
  host: string;
  port: number;
  tlsCert?: string;
  tlsKey?: string;
  secureCookies?: boolean;
  trustProxy?: boolean;
}

export function registerServe(program: Command, runtime: () => Runtime): void {
  program
    .command('serve')
    .description('The auditor web app and the JSON API (/api/v1) on the local store')
    .option('--host <host>', 'the address to listen on', '127.0.0.1')
    .option('--port <port>', 'the port to listen on', positiveInt('--port', 1, 65535), 8080)
    .option('--tls-cert <file>', 'serve HTTPS with this PEM certificate (with --tls-key)')
    .option('--tls-key <file>', 'the PEM private key for --tls-cert')
    .option('--secure-cookies', 'mark cookies Secure and send HSTS: a TLS-terminating proxy is in front (always Secure off loopback)')
    .option('--trust-proxy', 'trust X-Forwarded-For and X-Forwarded-Proto from the proxy in front (https there: Secure cookies, HSTS)')
    .action(async (flags: ServeFlags) => {
      const server = await startWebServer(runtime(), flags);
      process.stderr.write(`iru-evidence web app at ${server.address} (Ctrl-C stops it)\n`);
      await untilSignal();
      await server.close();
    });
}

/** Starts the web app on the runtime's store; `dev` can run it beside the worker the same way. */
export async function startWebServer(rt: Runtime, flags: ServeFlags): Promise<{ address: string; close(): Promise<void> }> {
  if (Boolean(flags.tlsCert) !== Boolean(flags.tlsKey)) throw new CliError('--tls-cert and --tls-key go together: give both, or neither');
  const https = flags.tlsCert && flags.tlsKey ? { cert: readPem(flags.tlsCert, '--tls-cert'), key: readPem(flags.tlsKey, '--tls-key') } : undefined;
  // Loaded here, not with the CLI: a worker process never needs the web app (Fastify and its routes).
  const { buildWebApp, isLoopbackHost } = await import('../../web/server.js');
  const temporal = webAppTemporal(rt);
  // With REDIS_URL, failed sign-ins are counted there, shared by every serve process; else in the store.
  const redis = await rt.sharedRedis();
  const signInFailures = redis ? new (await import('../../web/auth/redis-sign-in-failures.js')).RedisSignInFailures(redis) : undefined;
  const app = await buildWebApp({
    store: rt.store,
    https,
    host: flags.host,
    secureCookies: flags.secureCookies,
    trustProxy: flags.trustProxy,
    logger: rt.logger,
    diagnose: cliDiagnose(),
    onConnectionSaved: scheduleOnSave(rt, (line) => rt.logger.info(line)),
    askWorkflow: temporal.ask,
    temporal: temporal.access,
    // Workers send webhook deliveries too; either process may, a delivery is claimed by one at a time.
    webhookDelivery: {},
    signInFailures,
  });
  app.addHook('onClose', temporal.close);
  let address: string;
  try {
    address = await app.listen({ host: flags.host, port: flags.port });
  } catch (error) {
    await app.close();
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EADDRINUSE') throw new CliError(`Port ${flags.port} on ${flags.host} is already in use: choose another with --port`, EXIT.ENVIRONMENT);
    if (code === 'EADDRNOTAVAIL' || code === 'ENOTFOUND')
      throw new CliError(`Cannot listen on ${flags.host}: not an address of this machine`, EXIT.ENVIRONMENT);
    throw error;
  }
  if (!https && !flags.trustProxy && !flags.secureCookies && !isLoopbackHost(flags.host)) process.stderr.write(plainHttpWarning(flags.host));
  if ((await rt.store.listWebUsers()).length === 0) {
    process.stderr.write('No web user yet: create the first admin with `iru-evidence users create-admin --username NAME --password-file FILE`\n');
  }
  return { address, close: () => app.close() };
}

/** Off loopback the cookies are Secure, so a browser on plain HTTP signs in and is sent straight back to the sign-in page. */
export function plainHttpWarning(host: string): string {
  return (
    `Warning: listening on ${host} over plain HTTP: cookies are Secure off loopback and browsers will not send them back over HTTP, ` +
    'so sign-in fails: put TLS in front (a TLS proxy with --trust-proxy, or --tls-cert and --tls-key)\n'
  );
}

function readPem(file: string, flag: string): Buffer {
  try {
    return readFileSync(file);
  } catch (error) {
    throw new CliError(`Cannot read ${flag} ${file}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
  }
}
