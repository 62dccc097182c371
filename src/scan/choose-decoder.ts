import { createNativeDecoder } from './native-decoder.ts';
import type { QrDecoder } from './qr-decoder.ts';
import { createZxingWasmDecoder } from './zxing-wasm-decoder.ts';

// The JS port is only the fallback: a chunk of its own, fetched only when WebAssembly fails.
const createZxingJsDecoder = () => import('./zxing-js-decoder.ts').then((m) => m.createZxingJsDecoder());

/** Which decoder paths to consider, best first. */
export type DecoderPreference = 'native' | 'zxing-wasm' | 'zxing-js';

/** The best decoder this device can run: ZXing in WebAssembly (measured best), else the native detector, else the JS port. */
export async function chooseDecoder(
  order: DecoderPreference[] = ['zxing-wasm', 'native', 'zxing-js'],
): Promise<QrDecoder> {
  for (const name of order) {
    try {
      const decoder =
        name === 'native'
          ? await createNativeDecoder()
          : name === 'zxing-wasm'
            ? await createZxingWasmDecoder()
            : await createZxingJsDecoder();
      if (decoder) return decoder;
    } catch {
      // This path cannot run here (no WebAssembly, blocked .wasm): try the next one.
    }
  }
  return createZxingJsDecoder();
}
