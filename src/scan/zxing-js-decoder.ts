import {
  BinaryBitmap,
  DecodeHintType,
  HybridBinarizer,
  InvertedLuminanceSource,
  QRCodeReader,
  RGBLuminanceSource,
} from '@zxing/library';
import type { QrDecoder } from './qr-decoder.ts';

/** The pure-JS ZXing port (what @zxing/browser uses): the fallback when WebAssembly cannot load. */
export function createZxingJsDecoder(): QrDecoder {
  const reader = new QRCodeReader();
  const hints = new Map<DecodeHintType, unknown>([[DecodeHintType.TRY_HARDER, true]]);
  const attempt = (source: RGBLuminanceSource | InvertedLuminanceSource) => {
    try {
      return reader.decode(new BinaryBitmap(new HybridBinarizer(source)), hints).getText();
    } catch {
      return null; // NotFound, Checksum, Format: no code in this frame
    }
  };
  return {
    name: 'zxing-js',
    decode(frame) {
      const luminance = toLuminance(frame);
      const source = new RGBLuminanceSource(luminance, frame.width, frame.height);
      // Without this second, inverted try the JS port reads no light-on-dark code at all.
      return Promise.resolve(attempt(source) ?? attempt(new InvertedLuminanceSource(source)));
    },
  };
}

function toLuminance({ data, width, height }: ImageData): Uint8ClampedArray {
  const out = new Uint8ClampedArray(width * height);
  for (let i = 0, j = 0; j < out.length; i += 4, j += 1) {
    out[j] = (data[i]! * 77 + data[i + 1]! * 150 + data[i + 2]! * 29) >> 8;
  }
  return out;
}
