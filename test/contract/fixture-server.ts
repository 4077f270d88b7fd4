import { readFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** Where a fixture's facts come from: a repository, its commit, the file and the exchange transcribed. */
export interface FixtureSource {
  repository: string;
  commit: string;
  file: string;
  request: string;
  response: string;
  note?: string;
}

export interface Exchange {
  /** Matched on method, path and the listed query parameters (any others are ignored). */
  request: { method: 'GET'; path: string; query?: Record<string, string> };
  /** `body` is sent as JSON, `bodyText` as it is. */
  response: { status: number; headers: Record<string, string>; body?: unknown; bodyText?: string };
}

export interface Fixture {
  source: FixtureSource;
  exchanges: Exchange[];
}

export function loadFixture(name: string): Fixture {
  return JSON.parse(readFileSync(new URL(`./fixtures/${name}.json`, import.meta.url), 'utf8')) as Fixture;
}

/** A request as the fixture server received it. */
export interface SeenRequest {
  method: string;
  path: string;
  query: Record<string, string>;
  authorization: string | undefined;
}

export type Handler = (request: SeenRequest, res: ServerResponse) => boolean;

/**
 * A real HTTP server on 127.0.0.1 that answers with fixture exchanges (first match wins) or with handlers of a test.
 * Anything unmatched is answered 418 with a JSON detail, so a request the fixtures did not foresee fails loudly.
 */
export class FixtureServer {
  readonly seen: SeenRequest[] = [];
  #server: Server | undefined;
  #exchanges: Exchange[] = [];
  #handlers: Handler[] = [];

  /** Replaces what the server answers; path placeholders such as `{edr_item}` are filled from `params`. */
  serve(fixtures: Fixture[], params: Record<string, string> = {}): this {
    this.#exchanges = fixtures
      .flatMap((f) => f.exchanges)
      .map((e) => ({ ...e, request: { ...e.request, path: e.request.path.replace(/\{(\w+)\}/g, (_, k: string) => params[k] ?? `{${k}}`) } }));
    this.#handlers = [];
    this.seen.length = 0;
    return this;
  }

  handle(handler: Handler): this {
    this.#handlers.push(handler);
    return this;
  }

  get url(): string {
    const { port } = this.#server!.address() as AddressInfo;
    return `http://127.0.0.1:${port}`;
  }

  async start(): Promise<this> {
    this.#server = createServer((req, res) => this.#answer(req, res));
    await new Promise<void>((resolve) => this.#server!.listen(0, '127.0.0.1', resolve));
    return this;
  }

  async stop(): Promise<void> {
    this.#server?.closeAllConnections();
    await new Promise((resolve) => this.#server?.close(resolve));
  }

  #answer(req: IncomingMessage, res: ServerResponse): void {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const seen: SeenRequest = {
      method: req.method ?? '',
      path: url.pathname,
      query: Object.fromEntries(url.searchParams),
      authorization: req.headers.authorization,
    };
    this.seen.push(seen);
    for (const handler of this.#handlers) if (handler(seen, res)) return;
    const match = this.#exchanges.find(
      (e) => e.request.method === seen.method && e.request.path === seen.path && Object.entries(e.request.query ?? {}).every(([k, v]) => seen.query[k] === v),
    );
    if (!match) {
      res.writeHead(418, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ detail: `no fixture for ${seen.method} ${req.url}` }));
      return;
    }
    const { status, headers, body, bodyText } = match.response;
    res.writeHead(status, headers);
    res.end(bodyText ?? JSON.stringify(body));
  }
}
