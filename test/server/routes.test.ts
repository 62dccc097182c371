import { readFileSync } from 'node:fs';
import { expect, test } from 'vitest';
import { ROUTES, routeOf, routesMarkdown } from '../../src/server/routes.ts';

test('the README lists every route of the venue server, as its table says', () => {
  const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
  const listed = /<!-- routes:begin -->\n([\s\S]*?)\n<!-- routes:end -->/.exec(readme)?.[1];
  expect(listed).toBe(routesMarkdown());
});

test('every route is found by its path, with every method its path takes', () => {
  for (const route of ROUTES)
    expect(routeOf(route.path.replace(':id', 'abc_1').replace(':code', 'K7QM2P'))?.methods).toContain(route.method);
  expect(routeOf('/v/k7qm2p/status')).toMatchObject({ id: 'k7qm2p', methods: ['GET'] });
  expect(routeOf('/1/venue')?.methods).toEqual(['GET', 'PUT']);
  expect(routeOf('/1/devices/abc_1/revoke')).toMatchObject({ id: 'abc_1', methods: ['POST'] });
  expect(routeOf('/1/devices/../revoke')).toBeNull();
  expect(routeOf('/1/nowhere')).toBeNull();
});

test('every route that changes something reads its body by a schema, or is one that takes none', () => {
  // The guest's cancel, "on my way" and Pushed start say all by their path and ticket; the last: Pushed's own form fields.
  const bodiless = [
    '/1/devices/:id/revoke',
    '/1/pairing-codes',
    '/1/guest/ticket/cancel',
    '/1/guest/ticket/on-my-way',
    '/1/guest/pushed',
    '/1/push',
  ];
  for (const route of ROUTES.filter((r) => r.method === 'POST' || r.method === 'PUT'))
    expect(route.body !== undefined || bodiless.includes(route.path), `${route.method} ${route.path}`).toBe(true);
});
