import { describe, expect, it } from 'vitest';
import { checkApp, checkConnectionName, checkLocation, checkRegion, checkToken, parseIruHost } from '../../src/diagnose/index.js';

const TOKEN = '0b7c2f0e-5d0a-4c43-9f3e-2a1d6f0c9b11';
const message = (c: { ok: boolean; error?: { message: string } }) => (c.ok ? 'ok' : c.error!.message);

describe('wizard input: each bad value gets a specific message', () => {
  it('a URL pasted as the app segment says which segment and region it names', () => {
    expect(message(checkApp('https://acme.api.eu.kandji.io'))).toBe(
      '"https://acme.api.eu.kandji.io" is an address, not the app segment: enter only "acme" and choose the region EU',
    );
    expect(message(checkApp('acme.api.iru.com'))).toMatch(/enter only "acme" and choose the region Iru/);
    expect(message(checkApp('https://acme.kandji.io/'))).toMatch(/web app address, not the API: enter only the app segment "acme"/);
    expect(message(checkApp('https://example.com/x'))).toMatch(/^Enter only the app segment, not a URL or host name/);
  });

  it('upper case, spaces, other characters, hyphens at the ends and emptiness each say what is wrong', () => {
    expect(message(checkApp('Acme'))).toBe('The app segment is lower case in Iru API URLs: use "acme", not "Acme"');
    expect(message(checkApp(' acme '))).toBe('The app segment must not contain spaces; enter the subdomain alone: "acme"');
    expect(message(checkApp('ac me'))).toMatch(/must not contain spaces/);
    expect(message(checkApp('acme_corp'))).toMatch(/only lower-case letters, digits and hyphens, not "_"/);
    expect(message(checkApp('-acme'))).toMatch(/cannot start or end with a hyphen/);
    expect(message(checkApp(''))).toMatch(/^Enter the app segment/);
    expect(message(checkApp('a'.repeat(64)))).toMatch(/longer than a DNS label/);
    expect(checkApp('acme-2')).toEqual({ ok: true, value: 'acme-2' });
  });

  it('regions: names in any case or menu numbers; anything else names the choices', () => {
    expect(checkRegion('EU')).toEqual({ ok: true, value: 'eu' });
    expect(checkRegion('3')).toEqual({ ok: true, value: 'iru' });
    expect(checkRegion('4')).toEqual({ ok: true, value: 'iru-eu' });
    expect(checkRegion('iru-eu')).toEqual({ ok: true, value: 'iru-eu' });
    expect(message(checkRegion('asia'))).toBe('Unknown region "asia": choose one of us (US), eu (EU), iru (Iru), iru-eu (Iru EU)');
    expect(message(checkRegion(''))).toMatch(/^Choose a region/);
  });

  it('tokens: a trailing newline, whitespace, a Bearer prefix, a JWT, a non-UUID', () => {
    const origin = 'the Bearer JWT field';
    expect(message(checkToken(`${TOKEN}\n`, origin))).toBe(
      'The API token in the Bearer JWT field ends with a line break: paste the token alone, without the newline',
    );
    expect(message(checkToken(`${TOKEN}\r\n`, origin))).toMatch(/ends with a line break/);
    expect(message(checkToken(`${TOKEN}\n${TOKEN}`, origin))).toMatch(/spans several lines/);
    expect(message(checkToken(` ${TOKEN}`, origin))).toMatch(/leading or trailing whitespace/);
    expect(message(checkToken(`Bearer ${TOKEN}`, origin))).toMatch(/without the "Bearer " prefix/);
    expect(message(checkToken('eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.c2lnbmF0dXJl', origin))).toMatch(/is a JWT \(eyJ\.\.\.\), not an Iru API token/);
    expect(message(checkToken('not-a-token', origin))).toMatch(/not an Iru API token: Iru tokens are UUIDs .* Access > API tokens/);
    expect(message(checkToken('', origin))).toMatch(/is empty/);
    expect(checkToken(TOKEN, origin)).toEqual({ ok: true, value: TOKEN });
  });

  it('connection names', () => {
    expect(message(checkConnectionName('my tenant'))).toMatch(/1-64 letters, digits, dots, dashes or underscores/);
    expect(checkConnectionName('acme_prod')).toEqual({ ok: true, value: 'acme_prod' });
  });

  it('region and app together give the API URL; both problems are reported at once', () => {
    const ok = checkLocation({ region: 'eu', app: 'acme' });
    expect(ok.ok && ok.value.baseUrl.href).toBe('https://acme.api.eu.kandji.io/');
    const bad = checkLocation({ region: 'moon', app: 'ACME' });
    expect(bad.ok ? [] : bad.errors.map((e) => e.field)).toEqual(['region', 'app']);
  });

  it('reads an Iru host back into region and app', () => {
    expect(parseIruHost('acme.api.kandji.io')).toEqual({ region: 'us', app: 'acme' });
    expect(parseIruHost('acme.api.eu.kandji.io')).toEqual({ region: 'eu', app: 'acme' });
    expect(parseIruHost('acme.api.iru.com')).toEqual({ region: 'iru', app: 'acme' });
    expect(parseIruHost('acme.api.eu.iru.com')).toEqual({ region: 'iru-eu', app: 'acme' });
    expect(parseIruHost('example.com')).toBeUndefined();
  });
});
