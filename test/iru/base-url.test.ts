import { describe, expect, it } from 'vitest';
import { InvalidBaseUrlError, resolveBaseUrl } from '../../src/iru/index.js';

describe('base URL from region and app segment', () => {
  it.each([
    ['us', 'acme', 'https://acme.api.kandji.io/'],
    ['eu', 'acme-eu', 'https://acme-eu.api.eu.kandji.io/'],
    ['iru', 'acme2', 'https://acme2.api.iru.com/'],
  ] as const)('%s + %s -> %s', (region, app, expected) => {
    expect(resolveBaseUrl({ region, app }).href).toBe(expected);
  });

  it.each(['https://acme.api.kandji.io', 'Acme', 'ac me', 'acme.evil.com', 'acme/..', '', 'acme\n'])(
    'refuses the app segment %j with a specific message',
    (app) => {
      expect(() => resolveBaseUrl({ region: 'us', app })).toThrow(InvalidBaseUrlError);
    },
  );

  it('names the unknown region', () => {
    expect(() => resolveBaseUrl({ region: 'ap' as 'us', app: 'acme' })).toThrow(/unknown region "ap"/);
  });

  it('accepts an explicit base URL and drops a trailing /api/v1', () => {
    expect(resolveBaseUrl({ baseUrl: 'http://127.0.0.1:8080/api/v1/' }).href).toBe('http://127.0.0.1:8080/');
    expect(resolveBaseUrl({ baseUrl: 'https://proxy.example/iru' }).href).toBe('https://proxy.example/iru');
  });

  it.each(['ftp://x', 'not a url', 'https://user:pw@acme.api.kandji.io', 'https://acme.api.kandji.io/?token=x'])('refuses the base URL %j', (baseUrl) => {
    expect(() => resolveBaseUrl({ baseUrl })).toThrow(InvalidBaseUrlError);
  });
});
