import QRCode from 'qrcode';

/** How a generated camera frame shows the code. */
export interface SceneOptions {
  width: number;
  height: number;
  /** Pixels per QR module. */
  moduleSize: number;
  /** Light modules on a dark screen (a phone in dark mode). */
  invert?: boolean;
  rotateDeg?: number;
  /** Brightness of dark and light modules, 0–255 (low contrast: close together). */
  dark?: number;
  light?: number;
  /** Perspective: how much farther the right edge is than the left (0 = flat). */
  skew?: number;
  /** Where the code's centre is, as a fraction of the frame. */
  centre?: [number, number];
  /** Draw no code at all (the cost of an empty frame). */
  empty?: boolean;
  seed?: number;
}

/**
 * A grey (luma) camera frame: a cluttered scene with a phone screen showing `text` as a QR code.
 * Pure, so Node (for the fake camera's .y4m) and the browser (for the decoder benchmark) make the same frames.
 */
export function renderQrScene(text: string, o: SceneOptions): Uint8Array {
  const qr = QRCode.create(text, { errorCorrectionLevel: 'M' });
  const n = qr.modules.size;
  const quiet = 4;
  const span = (n + 2 * quiet) * o.moduleSize;
  const dark = o.dark ?? 20;
  const light = o.light ?? 235;
  const [cx, cy] = [(o.centre?.[0] ?? 0.5) * o.width, (o.centre?.[1] ?? 0.5) * o.height];
  const angle = ((o.rotateDeg ?? 0) * Math.PI) / 180;
  const [cos, sin] = [Math.cos(angle), Math.sin(angle)];
  const skew = o.skew ?? 0;
  let seed = o.seed ?? 1;
  const noise = () => ((seed = (seed * 1_103_515_245 + 12_345) >>> 0) >>> 24) / 255;
  const frame = new Uint8Array(o.width * o.height);
  for (let y = 0; y < o.height; y++) {
    for (let x = 0; x < o.width; x++) {
      // Clutter: a gradient with stripes and noise, like a counter top behind the phone.
      let value = 90 + 60 * Math.sin(x / 37) * Math.cos(y / 23) + 40 * noise();
      if (!o.empty) {
        // Into the code's own frame: undo the perspective, then the rotation.
        let dx = x - cx;
        let dy = y - cy;
        const depth = 1 + (skew * dx) / span;
        dx /= depth;
        dy /= depth;
        const u = (cos * dx + sin * dy) / o.moduleSize + (n + 2 * quiet) / 2;
        const v = (-sin * dx + cos * dy) / o.moduleSize + (n + 2 * quiet) / 2;
        const margin = 1.5; // the phone's bezel around the code
        if (u >= -margin && v >= -margin && u < n + 2 * quiet + margin && v < n + 2 * quiet + margin) {
          const [mu, mv] = [Math.floor(u) - quiet, Math.floor(v) - quiet];
          const inCode = u >= 0 && v >= 0 && u < n + 2 * quiet && v < n + 2 * quiet;
          const isDark = inCode && mu >= 0 && mv >= 0 && mu < n && mv < n && qr.modules.get(mv, mu) === 1;
          const screen = inCode ? (isDark ? dark : light) : 10; // the bezel is black
          value = o.invert && inCode ? 255 - screen : screen;
        }
      }
      frame[y * o.width + x] = Math.max(0, Math.min(255, Math.round(value)));
    }
  }
  return frame;
}

/** The same frame as RGBA ImageData-shaped bytes. */
export function toRgba(luma: Uint8Array): Uint8ClampedArray {
  const rgba = new Uint8ClampedArray(luma.length * 4);
  for (let i = 0; i < luma.length; i++) {
    rgba[i * 4] = rgba[i * 4 + 1] = rgba[i * 4 + 2] = luma[i]!;
    rgba[i * 4 + 3] = 255;
  }
  return rgba;
}

/** The variants the scanner must read (and the empty frame that sets the scan rate). */
export const SCENES: Record<string, (w: number, h: number) => Omit<SceneOptions, 'width' | 'height'>> = {
  normal: (w) => ({ moduleSize: Math.round(w / 100) }),
  'light-on-dark': (w) => ({ moduleSize: Math.round(w / 100), invert: true }),
  'rotated 20°': (w) => ({ moduleSize: Math.round(w / 100), rotateDeg: 20 }),
  small: (w) => ({ moduleSize: Math.max(2, Math.round(w / 240)), centre: [0.3, 0.4] }),
  'low contrast': (w) => ({ moduleSize: Math.round(w / 100), dark: 95, light: 150 }),
  'perspective-skewed': (w) => ({ moduleSize: Math.round(w / 100), skew: 0.45, rotateDeg: 8 }),
  'no code': (w) => ({ moduleSize: Math.round(w / 100), empty: true }),
};
