import { z } from 'zod';
import { IruInvalidResponseError, type RedactedRequest } from '../errors.js';

/** Validates a page's rows; a wrong shape is an IruInvalidResponseError carrying the issues as data. */
export function parseRows<Row>(schema: z.ZodType<Row>, rows: unknown, request: RedactedRequest, status: number): Row[] {
  const parsed = z.array(schema).safeParse(rows);
  if (parsed.success) return parsed.data;
  throw new IruInvalidResponseError(
    request,
    status,
    parsed.error.issues.map((issue) => ({ path: issue.path.join('.'), message: issue.message })),
  );
}
