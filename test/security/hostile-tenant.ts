/**
 * A hostile Iru tenant: a tiny node:http server in front of the simulator that forwards every request (method, path,
 * query, Authorization) and then lets a test replace a response outright (`override`) or rewrite its JSON body
 * (`rewrite`). Everything it was asked is logged, so tests can tell what the client sent.
 */
import { createServer, request as httpRequest, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface HostileTenant {
  url: string;
  requests: { method: string; path: string }[];
  close(): Promise<void>;
}

export interface HostileOptions {
  /** The upstream (the simulator) to forward to. */
  upstream: string;
  /** Answer this request yourself: return true when handled. */
  override?: (path: string, req: IncomingMessage, res: ServerResponse) => boolean;
  /** Rewrite a 2xx JSON body from upstream. */
  rewrite?: (path: string, body: unknown) => unknown;
}

export async function hostileTenant(options: HostileOptions): Promise<HostileTenant> {
  const requests: { method: string; path: string }[] = [];
  const upstream = new URL(options.upstream);
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    requests.push({ method: req.method ?? 'GET', path: url.pathname });
    if (options.override?.(url.pathname, req, res)) return;
    const forward = httpRequest(
      { host: upstream.hostname, port: upstream.port, method: req.method, path: req.url, headers: { ...req.headers, host: upstream.host } },
      (answer) => {
        const chunks: Buffer[] = [];
        answer.on('data', (c: Buffer) => chunks.push(c));
        answer.on('end', () => {
          let body = Buffer.concat(chunks);
          const status = answer.statusCode ?? 502;
          const headers = { ...answer.headers };
          if (options.rewrite && status >= 200 && status < 300 && String(headers['content-type'] ?? '').includes('json')) {
            body = Buffer.from(JSON.stringify(options.rewrite(url.pathname, JSON.parse(body.toString('utf8')))), 'utf8');
          }
          headers['content-length'] = String(body.length);
          delete headers['transfer-encoding'];
          res.writeHead(status, headers);
          res.end(body);
        });
        answer.on('error', () => res.destroy());
      },
    );
    forward.on('error', () => res.destroy());
    req.pipe(forward);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

/** A JSON text nested `depth` levels deep (arrays), as a hostile server would send it. */
export function deeplyNested(depth: number): string {
  return `${'['.repeat(depth)}${']'.repeat(depth)}`;
}

/** Streams `bytes` of JSON-looking whitespace then `{}`, without a Content-Length (chunked), so no cap can be read up front. */
export function streamHuge(res: ServerResponse, bytes: number): void {
  res.writeHead(200, { 'content-type': 'application/json' });
  const chunk = Buffer.alloc(1 << 20, 0x20);
  let sent = 0;
  const write = (): void => {
    while (sent < bytes) {
      sent += chunk.length;
      if (!res.write(chunk)) {
        res.once('drain', write);
        return;
      }
    }
    res.end('{}');
  };
  res.on('error', () => {});
  write();
}
