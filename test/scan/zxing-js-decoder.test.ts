import QRCode from 'qrcode';
import { describe, expect, test } from 'vitest';
import { createZxingJsDecoder } from '../../src/scan/zxing-js-decoder.ts';
import { toRgba } from '../support/qr-scene.ts';

/** A plain frame: the code, black on white (or inverted), with a quiet zone. */
function plainFrame(text: string, invert: boolean): ImageData {
  const qr = QRCode.create(text, { errorCorrectionLevel: 'M' });
  const [n, m, size] = [qr.modules.size, 6, 320];
  const luma = new Uint8Array(size * size).fill(invert ? 0 : 255);
  for (let y = 0; y < n * m; y++) {
    for (let x = 0; x < n * m; x++) {
      if (qr.modules.get(Math.floor(y / m), Math.floor(x / m))) luma[(y + 40) * size + x + 40] = invert ? 255 : 0;
    }
  }
  return { data: toRgba(luma), width: size, height: size, colorSpace: 'srgb' } as ImageData;
}

describe('the JS fallback decoder', () => {
  test('reads a plain code, and a light-on-dark one thanks to its inverted second try', async () => {
    const decoder = createZxingJsDecoder();
    expect(await decoder.decode(plainFrame('K7pQ2xV9mN4rT8wZ', false))).toBe('K7pQ2xV9mN4rT8wZ');
    expect(await decoder.decode(plainFrame('K7pQ2xV9mN4rT8wZ', true))).toBe('K7pQ2xV9mN4rT8wZ');
  });

  test('a frame with no code is null, not an error', async () => {
    const blank = { data: new Uint8ClampedArray(64 * 64 * 4).fill(200), width: 64, height: 64 } as ImageData;
    expect(await createZxingJsDecoder().decode(blank)).toBeNull();
  });
});
