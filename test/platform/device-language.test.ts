import { expect, test } from 'vitest';
import { deviceLanguage } from '../../src/platform/device-language.ts';

test.each([
  [['es-ES', 'en-US'], 'es'],
  [['es-419'], 'es'],
  [['fr-FR', 'es-MX'], 'es'],
  [['fr-FR', 'de'], 'en'],
  [['EN-gb'], 'en'],
  [[], 'en'],
])('preferred %j → %s', (preferred, expected) => {
  expect(deviceLanguage(['en', 'es'] as const, 'en', preferred)).toBe(expected);
});
