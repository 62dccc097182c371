import { prepareZXingModule, readBarcodes } from 'zxing-wasm/reader';
import wasmUrl from 'zxing-wasm/reader/zxing_reader.wasm?url';
import type { QrDecoder } from './qr-decoder.ts';

/**
 * ZXing's C++ core as WebAssembly: the primary decoder (it reads inverted, rotated, small and
 * skewed codes that the JS port misses). Its .wasm comes from this app's own origin, precached by
 * the service worker; by default the library would fetch it from a public CDN, which an offline
 * kiosk cannot reach.
 */
export async function createZxingWasmDecoder(url: string = wasmUrl): Promise<QrDecoder> {
  await prepareZXingModule({
    overrides: { locateFile: (path: string, prefix: string) => (path.endsWith('.wasm') ? url : prefix + path) },
    fireImmediately: true,
  });
  return {
    name: 'zxing-wasm',
    async decode(frame) {
      const [result] = await readBarcodes(frame, {
        formats: ['QRCode'],
        tryHarder: true,
        tryRotate: false, // QR finder patterns read at any angle; rotating is for 1D codes, and costs time on every frame
        tryInvert: true, // light-on-dark codes: guests' phones in dark mode
        maxNumberOfSymbols: 1,
      });
      return result?.isValid ? result.text : null;
    },
  };
}
