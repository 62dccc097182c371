import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { describe, expect, test } from 'vitest';
import { prepareZXingModule, readBarcodes } from 'zxing-wasm/reader';
import { renderQrScene, SCENES, toRgba } from './qr-scene.ts';

// The generated camera scenes are only useful if they are what they claim: read each with ZXing
// (WebAssembly, in Node) and check the text, so a broken generator cannot pass as a broken scanner.
const wasm = createRequire(import.meta.url).resolve('zxing-wasm/reader/zxing_reader.wasm');

describe('generated camera scenes', () => {
  test.each(Object.keys(SCENES))('%s at 640×480', async (name) => {
    const binary = await readFile(wasm);
    await prepareZXingModule({
      overrides: {
        wasmBinary: binary.buffer.slice(binary.byteOffset, binary.byteOffset + binary.byteLength),
      },
      fireImmediately: true,
    });
    const [w, h] = [640, 480];
    const luma = renderQrScene('AbC123xyzQ9', { width: w, height: h, ...SCENES[name]!(w, h) });
    const [result] = await readBarcodes({ data: toRgba(luma), width: w, height: h, colorSpace: 'srgb' } as ImageData, {
      formats: ['QRCode'],
      tryHarder: true,
      tryInvert: true,
      tryRotate: true,
    });
    expect(result?.text ?? null).toBe(name === 'no code' ? null : 'AbC123xyzQ9');
  });
});
