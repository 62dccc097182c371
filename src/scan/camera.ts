import type { CameraProblem } from '../state/scanner-port.ts';

/** A camera failure the UI can word. */
export class CameraError extends Error {
  override readonly name = 'CameraError';
  constructor(readonly problem: CameraProblem) {
    super(`Camera: ${problem}`);
  }
}

const CAMERA_KEY = 'waitbell.camera';

/** The camera the host picked last time on this tablet, if any. */
const rememberedCamera = (): string | null => localStorage.getItem(CAMERA_KEY);
/** Remembers the host's camera choice. */
export const rememberCamera = (deviceId: string) => localStorage.setItem(CAMERA_KEY, deviceId);

/** The video inputs (front, back, external); labels appear once camera permission is granted. */
export async function listCameras(): Promise<MediaDeviceInfo[]> {
  if (!navigator.mediaDevices) return [];
  // @zxing/browser's listing, loaded after the camera is already running: off the first decode's path.
  const { BrowserCodeReader } = await import('@zxing/browser');
  return BrowserCodeReader.listVideoInputDevices();
}

/**
 * Opens a camera: the remembered or chosen one if it still exists, else the back camera as a
 * preference (never an exact constraint, so a tablet with only a front camera still works).
 * Stops the stream itself if `signal` aborts while the camera is still starting.
 */
export async function openCamera(
  signal: AbortSignal,
  deviceId: string | null = rememberedCamera(),
): Promise<MediaStream> {
  if (!window.isSecureContext || !navigator.mediaDevices?.getUserMedia) throw new CameraError('insecure');
  const video: MediaTrackConstraints = { width: { ideal: 1280 }, height: { ideal: 720 } };
  let stream: MediaStream;
  try {
    stream = await getStream(
      deviceId ? { ...video, deviceId: { exact: deviceId } } : { ...video, facingMode: { ideal: 'environment' } },
    );
  } catch (error) {
    // A remembered camera that is gone (unplugged) is no reason to fail: take any.
    if (
      deviceId &&
      error instanceof DOMException &&
      (error.name === 'OverconstrainedError' || error.name === 'NotFoundError')
    ) {
      stream = await getStream({ ...video, facingMode: { ideal: 'environment' } });
    } else throw toCameraError(error);
  }
  if (signal.aborted) {
    stopStream(stream); // the known pitfall: the scanner closed while getUserMedia was still pending
    throw signal.reason;
  }
  return stream;
}

async function getStream(video: MediaTrackConstraints): Promise<MediaStream> {
  try {
    return await navigator.mediaDevices.getUserMedia({ video, audio: false });
  } catch (error) {
    throw error instanceof DOMException && (error.name === 'OverconstrainedError' || error.name === 'NotFoundError')
      ? error
      : toCameraError(error);
  }
}

function toCameraError(error: unknown): CameraError {
  if (error instanceof CameraError) return error;
  const name = error instanceof DOMException ? error.name : '';
  if (name === 'NotAllowedError' || name === 'SecurityError') return new CameraError('denied');
  if (name === 'NotFoundError' || name === 'OverconstrainedError') return new CameraError('no_camera');
  if (name === 'NotReadableError' || name === 'AbortError') return new CameraError('busy');
  return new CameraError('failed');
}

/** Stops every track: the camera light goes off. */
export function stopStream(stream: MediaStream): void {
  for (const track of stream.getTracks()) track.stop();
}

/** Whether the camera's track can switch a torch on, and a switch for it. */
export function torchControl(stream: MediaStream): ((on: boolean) => Promise<void>) | null {
  const [track] = stream.getVideoTracks();
  // Chromium reports `torch` on cameras with a light; the DOM types do not list it yet.
  const capabilities: (MediaTrackCapabilities & { torch?: boolean }) | undefined = track?.getCapabilities?.();
  if (!track || !capabilities?.torch) return null;
  return (on) => track.applyConstraints({ advanced: [{ torch: on } as MediaTrackConstraintSet] });
}
