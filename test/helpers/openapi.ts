import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import { expect } from 'vitest';

/** What a test received: method, path (with query), status, content type and body text. */
export interface ReceivedResponse {
  method: string;
  url: string;
  status: number;
  contentType: string | undefined;
  /** Undefined when it was not read (a stream): then only the status and content type are checked. */
  body: string | undefined;
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
    expect(this.problem(response), `${response.method} ${response.url} -> ${response.status}`).toBeUndefined();
  }

  /** What is wrong with the response by the document, or undefined when nothing is. */
  problem(response: ReceivedResponse): string | undefined {
    const path = new URL(response.url, 'http://x').pathname;
    let template: string;
    try {
      template = this.operationOf(response.method, path);
    } catch (error) {
      // No such route: a 404 (or 405) in the shape every error has.
      if ((response.status === 404 || response.status === 405) && response.body !== undefined)
        return this.schemaProblem('openapi#/components/schemas/Error', response.body);
      return (error as Error).message;
    }
    const responses = this.document.paths[template]![response.method.toLowerCase()]!.responses;
    const key = String(response.status) in responses ? String(response.status) : response.status >= 400 ? 'default' : undefined;
    if (key === undefined) return `${response.method} ${template} answered ${response.status}, which the document does not list`;
    const described = responses[key]!;
    this.checked.push(`${response.method} ${template} ${response.status}`);
    if (!described.content) return response.body ? 'the document describes no body, but there is one' : undefined;
    const mediaType = Object.keys(described.content).find((type) => response.contentType?.startsWith(type));
    if (!mediaType) return `content type ${response.contentType} is not one of ${Object.keys(described.content).join(', ')}`;
    if (mediaType !== 'application/json' || response.body === undefined) return undefined;
    return this.schemaProblem(
      `openapi#/paths/${escape(template)}/${response.method.toLowerCase()}/responses/${key}/content/${escape(mediaType)}/schema`,
      response.body,
    );
  }

  private schemaProblem(pointer: string, body: string): string | undefined {
    const check = this.ajv.getSchema(pointer) ?? this.ajv.compile({ $ref: pointer });
    if (check(JSON.parse(body))) return undefined;
    return `${this.ajv.errorsText(check.errors, { separator: '\n' })}\n${body.slice(0, 2000)}`;
  }
}

function escape(segment: string): string {
  return segment.replace(/~/g, '~0').replace(/\//g, '~1');
}
