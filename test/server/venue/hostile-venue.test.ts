import { expect, test } from 'vitest';
import { sharedSettings, type SharedSettings } from '../../../src/core/shared-settings.ts';
import { SANDBOX_SETTINGS } from '../../../src/core/settings.ts';
import { TOKEN } from '../server-process.ts';
import { api, useVenueServer, type VenueServer } from './venue-client.ts';

let server: VenueServer['server'];
useVenueServer((started) => void (server = started.server));

const SETTINGS: SharedSettings = sharedSettings({
  ...SANDBOX_SETTINGS,
  venueName: 'Casa Prueba',
  channelAlias: 'Venue',
});
const putVenue = (body: unknown) => api(server.url, '/1/venue', { token: TOKEN, method: 'PUT', body });
const putSettings = (body: unknown) => api(server.url, '/1/venue/settings', { token: TOKEN, method: 'PUT', body });
const venueName = async () => (await api(server.url, '/1/venue', { token: TOKEN })).json.venue.name as string;
const revision = async () => (await api(server.url, '/1/venue/settings', { token: TOKEN })).json.revision as number;
// Deeper than any setting (and than JSON.stringify goes): sent as text.
const DEEP = '['.repeat(3_000) + ']'.repeat(3_000);
const putRaw = async (text: string) => {
  const response = await fetch(`${server.url}/1/venue/settings`, {
    method: 'PUT',
    headers: { Authorization: `Bearer ${TOKEN}`, 'Content-Type': 'application/json' },
    body: text,
  });
  const body = await response.text();
  return {
    status: response.status,
    text: body,
    json: JSON.parse(body) as { error: { type: string; message: string } },
  };
};

test('a venue change with a field the server does not take, or a NUL or half a character in the name, is refused in words and changes nothing', async () => {
  const refused = [
    [{ name: 'Casa Nueva', isAdmin: 'yes' }, 'invalid_request', /a field the venue server does not take/],
    [{ name: 'Casa\u0000Nueva' }, 'invalid_venue_settings', /refused/],
    [{ name: 'Casa \ud83d Nueva' }, 'invalid_venue_settings', /refused/],
    [{ name: 'Casa\u001b[31mNueva' }, 'invalid_venue_settings', /refused/],
  ] as const;
  for (const [body, type, words] of refused) {
    const answer = await putVenue(body);
    expect(answer.status, JSON.stringify(body)).toBe(400);
    expect(answer.json.error.type).toBe(type);
    expect(answer.json.error.message).toMatch(words);
    expect(answer.text).not.toContain('isAdmin'); // a field that is not ours is never echoed
  }
  expect((await putVenue({ name: 'Casa\u0000Nueva' })).json.error.fields).toEqual([
    { field: 'name', problem: 'bad_characters' },
  ]);
  expect(await venueName()).toBe('Casa Prueba');
  expect((await putVenue({ name: '  Casa Nueva  ' })).status).toBe(200);
  expect(await venueName()).toBe('Casa Nueva');
});

test('shared settings with an unknown field, a NUL or half a character in a template, or deep nesting are refused in words and change nothing', async () => {
  const before = await revision();
  const cases: [unknown, string, RegExp][] = [
    [{ revision: before, settings: { ...SETTINGS, colour: 'red' } }, 'invalid_request', /does not take/],
    [{ revision: before, settings: { ...SETTINGS, template: 'Hi {name}\u0000!' } }, 'invalid_settings', /Table ready/],
    [
      { revision: before, settings: { ...SETTINGS, onListTemplate: 'On {venue} \udc00 list' } },
      'invalid_settings',
      /On the list message/,
    ],
    [{ revision: before, settings: { ...SETTINGS, venueName: 'Casa\u0007' } }, 'invalid_settings', /venue name/],
  ];
  for (const [body, type, words] of cases) {
    const answer = await putSettings(body);
    expect(answer.status, answer.text.slice(0, 200)).toBe(400);
    expect(answer.json.error.type).toBe(type);
    expect(answer.json.error.message).toMatch(words);
    expect(answer.text).not.toContain('colour');
  }
  const settings = JSON.stringify(SETTINGS);
  const deep = [
    await putRaw(`{"revision":${before},"settings":${settings},"extra":${DEEP}}`),
    await putRaw(`{"revision":${before},"settings":${settings.replace(/\[[^\]]*\]/, DEEP)}}`),
  ];
  for (const answer of deep) {
    expect(answer.status, answer.text.slice(0, 200)).toBe(400);
    expect(answer.json.error.message).toMatch(/^(The|These) settings (have|were refused)/);
  }
  expect(await revision()).toBe(before);
  // A template over several lines is a template like any other.
  const lines = await putSettings({
    revision: before,
    settings: { ...SETTINGS, gettingCloseTemplate: '{name}:\nnearly up' },
  });
  expect(lines.status).toBe(200);
  expect(lines.json.settings.gettingCloseTemplate).toBe('{name}:\nnearly up');
});

test('a pairing request with a field the server does not take, or a control character in its label, is refused in words', async () => {
  for (const body of [
    { code: 'K7QM-3XDP-9RTA', admin: 'yes' },
    { code: 'K7QM-3XDP-9RTA', label: 'Front\u0000stand' },
  ]) {
    const answer = await api(server.url, '/1/pair', { body });
    expect(answer.status).toBe(400);
    expect(answer.json.error.type).toBe('invalid_request');
    expect(answer.json.error.message).toMatch(/pairing request/);
  }
});
