export interface PageResult {
  body: unknown;
  headers: Record<string, string>;
}

/** The headers /devices (and /devices/{id}/apps) carry instead of links in the body. */
export function totalCountHeaders(total: number, pageSize: number): Record<string, string> {
  return {
    'X-Total-Count': String(total),
    'X-Total-Pages': String(Math.ceil(total / Math.max(1, pageSize))),
    Link: '<None>; rel="next", <None>; rel="prev"',
  };
}
