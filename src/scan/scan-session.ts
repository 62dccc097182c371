import { SCAN_IDLE_TIMEOUT_MS } from '../state/scanner-port.ts';
import type { QrDecoder } from './qr-decoder.ts';

// Frames are decoded at most this wide: enough for a phone screen held at the stand, cheap to read.
const MAX_FRAME_WIDTH = 1280;

/** What the caller decided about one decoded text. */
export type Verdict = 'accept' | 'keep_scanning';

export interface ScanLoopOptions {
  video: HTMLVideoElement;
  decoder: QrDecoder;
  signal: AbortSignal;
  /** Called with each new text read; 'accept' ends the scan. */
  onText(text: string): Verdict;
  idleTimeoutMs?: number;
}

/** How a scan ended. */
export type ScanEnd = 'accepted' | 'timed_out' | 'aborted';

/** Reads frames from the playing video until a text is accepted, the scan times out, or `signal` aborts. */
export async function runScanLoop({
  video,
  decoder,
  signal,
  onText,
  idleTimeoutMs = SCAN_IDLE_TIMEOUT_MS,
}: ScanLoopOptions): Promise<ScanEnd> {
  const canvas = document.createElement('canvas');
  const context = canvas.getContext('2d', { willReadFrequently: true });
  if (!context) throw new Error('No 2D canvas');
  const deadline = performance.now() + idleTimeoutMs;
  let last: string | null = null;
  while (!signal.aborted) {
    if (performance.now() > deadline) return 'timed_out';
    await nextFrame(video);
    if (signal.aborted || video.videoWidth === 0) continue;
    const scale = Math.min(1, MAX_FRAME_WIDTH / video.videoWidth);
    canvas.width = Math.round(video.videoWidth * scale);
    canvas.height = Math.round(video.videoHeight * scale);
    context.drawImage(video, 0, 0, canvas.width, canvas.height);
    const text = await decoder.decode(context.getImageData(0, 0, canvas.width, canvas.height));
    if (text === null || text === last || signal.aborted) continue;
    last = text; // the same refused code stays in view: say why once, not on every frame
    if (onText(text) === 'accept') return 'accepted';
  }
  return 'aborted';
}

function nextFrame(video: HTMLVideoElement): Promise<void> {
  return new Promise((resolve) => {
    if ('requestVideoFrameCallback' in video) video.requestVideoFrameCallback(() => resolve());
    else setTimeout(resolve, 50);
    setTimeout(resolve, 250); // a paused or hidden video still lets the loop check its deadline
  });
}
