import { describe, expect, test } from 'vitest';
import type { PushTarget } from '../../src/core/push-target.ts';
import { buildMessageBody, buildPushBody } from '../../src/pushed/push-request.ts';

const credentials = { appKey: 'AppKey01234567890123', appSecret: 'S'.repeat(64) };
const body = (target: PushTarget, content = 'Your table is ready', options = {}) => {
  const result = buildPushBody(credentials, target, content, { limit: 140, ...options });
  return result.ok ? Object.fromEntries(result.value) : result.error;
};
const base = { app_key: credentials.appKey, app_secret: credentials.appSecret, content: 'Your table is ready' };

describe('Pushed request bodies, per target type', () => {
  test('app: credentials, type and content, nothing else', () => {
    expect(body({ type: 'app' })).toEqual({ ...base, target_type: 'app' });
  });
  test('channel: with target_alias', () => {
    expect(body({ type: 'channel', alias: 'Bistro' })).toEqual({
      ...base,
      target_type: 'channel',
      target_alias: 'Bistro',
    });
  });
  test('pushed_id: the id and a target_alias, as the official client sends', () => {
    expect(body({ type: 'pushed_id', pushedId: 'AbC123', alias: 'Bistro' })).toEqual({
      ...base,
      target_type: 'pushed_id',
      target_alias: 'Bistro',
      pushed_id: 'AbC123',
    });
  });
  test('user: the access token and a target_alias', () => {
    expect(body({ type: 'user', accessToken: 'tok', alias: 'Bistro' })).toEqual({
      ...base,
      target_type: 'user',
      target_alias: 'Bistro',
      access_token: 'tok',
    });
  });
  test('user through the venue server: the party named, no token (the server adds it); straight to Pushed, never a party id', () => {
    const target: PushTarget = { type: 'user', accessToken: '', alias: 'Bistro' };
    const message = buildMessageBody(target, 'Your table is ready', { limit: 140, partyId: 'party-1' });
    expect(message.ok && Object.fromEntries(message.value)).toEqual({
      target_type: 'user',
      target_alias: 'Bistro',
      content: 'Your table is ready',
      party_id: 'party-1',
    });
    expect(body(target, undefined, { partyId: 'party-1' })).toEqual({ kind: 'missing', field: 'access_token' });
    expect(body({ ...target, accessToken: 'tok' }, undefined, { partyId: 'party-1' })).not.toHaveProperty('party_id');
  });
  test('email: the address, in a field whose name is a setting (uncertain in the contract)', () => {
    const target: PushTarget = { type: 'email', email: 'ana@example.com', alias: 'Bistro' };
    expect(body(target)).toMatchObject({ target_type: 'email', email: 'ana@example.com' });
    expect(body(target, 'x', { emailField: 'target_email' })).toMatchObject({ target_email: 'ana@example.com' });
  });
  test('a link: content_type=url with content_extra', () => {
    expect(body({ type: 'app' }, 'Menu', { url: 'https://example.com/menu?a=1&b=2' })).toMatchObject({
      content_type: 'url',
      content_extra: 'https://example.com/menu?a=1&b=2',
    });
    expect(body({ type: 'app' }, 'Menu', { url: 'javascript:alert(1)' })).toEqual({ kind: 'bad_url' });
  });

  test('form-encoded with proper percent-encoding (UTF-8, &, =, +, spaces)', () => {
    const result = buildPushBody(credentials, { type: 'app' }, 'Ana & José = 2+2 ✓', { limit: 140 });
    expect(result.ok && result.value.toString()).toContain('content=Ana+%26+Jos%C3%A9+%3D+2%2B2+%E2%9C%93');
  });

  test.each([
    [{ ...credentials, appKey: '' }, { type: 'app' }, 'app_key'],
    [{ ...credentials, appSecret: ' ' }, { type: 'app' }, 'app_secret'],
    [credentials, { type: 'channel', alias: '' }, 'target_alias'],
    [credentials, { type: 'pushed_id', pushedId: '', alias: 'B' }, 'pushed_id'],
    [credentials, { type: 'pushed_id', pushedId: 'Ab12', alias: '' }, 'target_alias'],
    [credentials, { type: 'user', accessToken: '', alias: 'B' }, 'access_token'],
    [credentials, { type: 'email', email: '', alias: 'B' }, 'email'],
  ] as const)('refuses a request missing %#: %s', (creds, target, field) => {
    expect(buildPushBody(creds, target as PushTarget, 'hi', { limit: 140 })).toEqual({
      ok: false,
      error: { kind: 'missing', field },
    });
  });

  test('content: not empty, and over the limit refused (never cut), counted in characters not bytes', () => {
    expect(body({ type: 'app' }, '   ')).toEqual({ kind: 'empty_content' });
    expect(body({ type: 'app' }, 'é'.repeat(140))).toMatchObject({ content: 'é'.repeat(140) });
    expect(body({ type: 'app' }, 'é'.repeat(141))).toEqual({ kind: 'too_long', length: 141, limit: 140 });
    expect(body({ type: 'app' }, 'x'.repeat(150), { limit: 160 })).toMatchObject({ content: 'x'.repeat(150) });
  });
});
