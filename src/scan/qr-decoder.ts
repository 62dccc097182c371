/** Reads the text of a QR code in one camera frame, or null when there is none. */
export interface QrDecoder {
  readonly name: 'native' | 'zxing-wasm' | 'zxing-js';
  decode(frame: ImageData): Promise<string | null>;
}
