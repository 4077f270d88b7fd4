/** Writing responses: JSON, Django's 404 page, and the deliberately broken variants used by faults. */

import type { ServerResponse } from 'node:http';

export const NOT_FOUND_HTML =
  '<!doctype html><html lang="en"><head><title>Not Found</title></head><body><h1>Not Found</h1><p>The requested resource was not found on this ' +
  'server.</p></body></html>';

export const JSON_TYPE = 'application/json';
export const HTML_TYPE = 'text/html; charset=utf-8';

export interface PreparedResponse {
  status: number;
  headers: Record<string, string>;
  body: string;
  contentType: string;
  /** 'cut' sends a Content-Length larger than what is written, then destroys the socket. */
  delivery?: 'normal' | 'cut';
}

export function jsonResponse(status: number, value: unknown, headers: Record<string, string> = {}): PreparedResponse {
  return { status, headers, body: JSON.stringify(value), contentType: JSON_TYPE };
}

export function notFoundResponse(): PreparedResponse {
  return { status: 404, headers: {}, body: NOT_FOUND_HTML, contentType: HTML_TYPE };
}

export function send(res: ServerResponse, response: PreparedResponse, commonHeaders: Record<string, string>): void {
  const bytes = Buffer.from(response.body, 'utf8');
  const cut = response.delivery === 'cut';
  res.writeHead(response.status, {
    ...commonHeaders,
    ...response.headers,
    'Content-Type': response.contentType,
    'Content-Length': String(cut ? bytes.length * 2 + 64 : bytes.length),
  });
  if (!cut) {
    res.end(bytes);
    return;
  }
  res.write(bytes.subarray(0, Math.max(1, Math.floor(bytes.length / 2))), () => {
    // Let the partial body reach the client before the connection drops.
    setTimeout(() => res.destroy(), 10);
  });
}
