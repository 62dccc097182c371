import type { QrDecoder } from './qr-decoder.ts';

// BarcodeDetector is not in TypeScript's DOM lib yet (Shape Detection API).
interface DetectedBarcode {
  rawValue: string;
}
interface BarcodeDetectorLike {
  detect(source: ImageData): Promise<DetectedBarcode[]>;
}
interface BarcodeDetectorClass {
  new (options: { formats: string[] }): BarcodeDetectorLike;
  getSupportedFormats(): Promise<string[]>;
}

/** The platform's own detector (Android Chrome), when it exists and reads QR codes; else null. */
export async function createNativeDecoder(): Promise<QrDecoder | null> {
  const Detector = (globalThis as { BarcodeDetector?: BarcodeDetectorClass }).BarcodeDetector;
  if (!Detector) return null;
  try {
    if (!(await Detector.getSupportedFormats()).includes('qr_code')) return null;
  } catch {
    return null;
  }
  const detector = new Detector({ formats: ['qr_code'] });
  return {
    name: 'native',
    async decode(frame) {
      const [code] = await detector.detect(frame);
      return code?.rawValue ?? null;
    },
  };
}
