import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import { expect } from 'vitest';

/** What a test received: method, path (with query), status, content type and body text. */
export interface ReceivedResponse {
  method: string;
  url: string;
  status: number;
  contentType: string | undefined;
  body: string;
}

interface OpenApiDocument {
  paths: Record<string, Record<string, { responses: Record<string, { content?: Record<string, { schema?: unknown }> }> }>>;
}

const addFormats = addFormatsModule as unknown as (ajv: Ajv2020) => Ajv2020;

/**
 * Validates responses against an OpenAPI 3.1 document as served: finds the operation by method and path template,
 * the response by status (else `default`), and checks the JSON body against its schema with Ajv (JSON Schema 2020-12).
 * An undocumented operation or status, a body where none is described, or a body off its schema fails the test.
 */
export class OpenApiValidator {
  private readonly ajv: Ajv2020;
  private readonly templates: { method: string; template: string; pattern: RegExp }[];
  readonly checked: string[] = [];

  constructor(private readonly document: OpenApiDocument) {
    this.ajv = addFormats(new Ajv2020({ strict: false, allErrors: true }));
    this.ajv.addSchema(document as object, 'openapi');
    this.templates = Object.entries(document.paths).flatMap(([template, operations]) =>
      Object.keys(operations).map((method) => ({
        method: method.toUpperCase(),
        template,
        pattern: new RegExp(`^${template.replace(/[.]/g, '\\.').replace(/\{[^}]+\}/g, '[^/]+')}$`),
      })),
    );
  }

  /** The operation's path template; static templates win over parametric ones, as in the router. */
  operationOf(method: string, path: string): string {
    const matches = this.templates.filter((t) => t.method === method.toUpperCase() && t.pattern.test(path));
    matches.sort((a, b) => (a.template.match(/\{/g)?.length ?? 0) - (b.template.match(/\{/g)?.length ?? 0));
    const found = matches[0];
    if (!found) throw new Error(`The OpenAPI document has no operation ${method} ${path}`);
    return found.template;
  }

  validate(response: ReceivedResponse): void {
    const path = new URL(response.url, 'http://x').pathname;
    const template = this.operationOf(response.method, path);
    const responses = this.document.paths[template]![response.method.toLowerCase()]!.responses;
    const key = String(response.status) in responses ? String(response.status) : response.status >= 400 ? 'default' : undefined;
    expect(key, `${response.method} ${template} answered ${response.status}, which the document does not list`).toBeDefined();
    const described = responses[key!]!;
    const what = `${response.method} ${path} -> ${response.status}`;
    this.checked.push(`${response.method} ${template} ${response.status}`);
    if (!described.content) {
      expect(response.body, `${what}: the document describes no body`).toBe('');
      return;
    }
    const mediaType = Object.keys(described.content).find((type) => response.contentType?.startsWith(type));
    expect(mediaType, `${what}: content type ${response.contentType} is not one of ${Object.keys(described.content).join(', ')}`).toBeDefined();
    if (mediaType !== 'application/json') return;
    const pointer = `openapi#/paths/${escape(template)}/${response.method.toLowerCase()}/responses/${key}/content/${escape(mediaType)}/schema`;
    const check = this.ajv.getSchema(pointer) ?? this.ajv.compile({ $ref: pointer });
    const valid = check(JSON.parse(response.body));
    expect(valid, `${what}: ${this.ajv.errorsText(check.errors, { separator: '\n' })}\n${response.body.slice(0, 2000)}`).toBe(true);
  }
}

function escape(segment: string): string {
  return segment.replace(/~/g, '~0').replace(/\//g, '~1');
}
