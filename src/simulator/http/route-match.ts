/** Matching a request path against the route templates (trailing slash optional). */

import type { Route } from './route-types.js';

export interface RouteMatch {
  route: Route;
  params: Record<string, string>;
  /** The request path without a trailing slash. */
  path: string;
}

interface CompiledRoute {
  route: Route;
  pattern: RegExp;
  names: string[];
}

function compile(route: Route): CompiledRoute {
  const names: string[] = [];
  const source = route.path
    .split('/')
    .map((segment) => {
      const param = /^\{(\w+)\}$/.exec(segment);
      if (!param) return segment.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
      names.push(param[1]!);
      return '([^/]+)';
    })
    .join('/');
  return { route, pattern: new RegExp(`^${source}$`), names };
}

export function createRouteMatcher(routes: readonly Route[]): (rawPath: string) => RouteMatch | undefined {
  const compiled = routes.map(compile);
  return (rawPath) => {
    const path = rawPath.length > 1 ? rawPath.replace(/\/$/, '') : rawPath;
    for (const { route, pattern, names } of compiled) {
      const match = pattern.exec(path);
      if (!match) continue;
      const params: Record<string, string> = {};
      try {
        names.forEach((name, i) => (params[name] = decodeURIComponent(match[i + 1]!)));
      } catch {
        return undefined;
      }
      return { route, params, path };
    }
    return undefined;
  };
}
