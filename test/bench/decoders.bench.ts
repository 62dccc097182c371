import { expect, test } from 'vitest';
import { createNativeDecoder } from '../../src/scan/native-decoder.ts';
import type { QrDecoder } from '../../src/scan/qr-decoder.ts';
import { createZxingJsDecoder } from '../../src/scan/zxing-js-decoder.ts';
import { createZxingWasmDecoder } from '../../src/scan/zxing-wasm-decoder.ts';
import { renderQrScene, SCENES, toRgba } from '../support/qr-scene.ts';
import { summarize } from './stats.ts';

const FRAMES = 15;
const TEXT = 'K7pQ2xV9mN4rT8wZ'; // a 16-character PushedID, as the sandbox makes them
const SIZES = [
  [640, 480],
  [1280, 720],
] as const;

test('QR decoders on generated camera frames: time per frame and detection rate', async () => {
  const decoders: QrDecoder[] = [await createZxingWasmDecoder(), createZxingJsDecoder()];
  const native = await createNativeDecoder();
  if (native) decoders.push(native);

  const lines: string[] = [];
  const wasmP95: Record<string, number> = {};
  const wasmRate: Record<string, number> = {};
  for (const [width, height] of SIZES) {
    // Frames made once per size and scene, the same for every decoder; each a little different (position, noise).
    const scenes = Object.entries(SCENES).map(([name, make]) => {
      const frames = Array.from({ length: FRAMES }, (_, i) => {
        const base = make(width, height);
        const centre: [number, number] = [0.45 + 0.01 * (i % 10), 0.48 + 0.005 * (i % 7)];
        const luma = renderQrScene(TEXT, { width, height, seed: i + 1, centre: base.centre ?? centre, ...base });
        return new ImageData(toRgba(luma) as Uint8ClampedArray<ArrayBuffer>, width, height);
      });
      return { name, frames };
    });
    for (const decoder of decoders) {
      await decoder.decode(scenes[0]!.frames[0]!); // warm-up: compile, allocate
      for (const { name, frames } of scenes) {
        const times: number[] = [];
        let read = 0;
        for (const frame of frames) {
          const start = performance.now();
          const text = await decoder.decode(frame);
          times.push(performance.now() - start);
          if (text === TEXT) read += 1;
        }
        const s = summarize(times);
        const rate = name === 'no code' ? '' : `${Math.round((100 * read) / frames.length)}%`.padStart(5);
        lines.push(
          `  ${`${width}×${height}`.padEnd(9)} ${decoder.name.padEnd(10)} ${name.padEnd(19)} read ${rate || '   —'}  median ${s.median.toFixed(1).padStart(6)} ms  p95 ${s.p95.toFixed(1).padStart(6)} ms`,
        );
        if (decoder.name === 'zxing-wasm') {
          wasmP95[`${width}×${height} ${name}`] = s.p95;
          if (name !== 'no code') wasmRate[`${width}×${height} ${name}`] = read / frames.length;
        }
      }
    }
  }
  console.log(
    `\nQR decoding per frame (Chromium, ${FRAMES} frames per row; "read" = the right PushedID)\n${lines.join('\n')}\n`,
  );
  console.log(
    `  native BarcodeDetector: ${native ? 'available, measured above' : 'not available in this Chromium (Linux); used on Android where it lists qr_code'}\n`,
  );
  expect(Object.keys(wasmRate).length).toBeGreaterThan(0);
});
