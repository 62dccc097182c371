import type { Scanner, ScanOutcome, ScanRequest } from '../state/scanner-port.ts';
import { CameraError, listCameras, openCamera, rememberCamera, stopStream, torchControl } from './camera.ts';
import { chooseDecoder } from './choose-decoder.ts';
import type { QrDecoder } from './qr-decoder.ts';
import { runScanLoop } from './scan-session.ts';

let decoder: Promise<QrDecoder> | null = null;

/**
 * One scan: opens the camera and the decoder together, reads frames until a text is accepted,
 * and releases the camera however it ends — accepted, timed out, cancelled, page hidden, or the
 * component unmounting while the camera was still starting.
 */
async function scan({ video, deviceId, signal, onText, onCamera }: ScanRequest): Promise<ScanOutcome> {
  const stop = new AbortController();
  const onAbort = () => stop.abort('cancelled');
  const onHidden = () => document.visibilityState === 'hidden' && stop.abort('hidden');
  signal.addEventListener('abort', onAbort);
  document.addEventListener('visibilitychange', onHidden);
  if (signal.aborted) stop.abort('cancelled');
  let stream: MediaStream | null = null;
  try {
    decoder ??= chooseDecoder();
    stream = await openCamera(stop.signal, deviceId);
    video.srcObject = stream;
    video.muted = true;
    video.playsInline = true;
    await video.play();
    const track = stream.getVideoTracks()[0];
    const activeDeviceId = track?.getSettings().deviceId ?? null;
    if (deviceId && activeDeviceId === deviceId) rememberCamera(deviceId);
    const cameras = (await listCameras()).map((c, i) => ({
      deviceId: c.deviceId,
      label: c.label || `Camera ${i + 1}`,
    }));
    onCamera({ cameras, activeDeviceId, torch: torchControl(stream) });
    const end = await runScanLoop({ video, decoder: await decoder, signal: stop.signal, onText });
    if (end === 'aborted') return { kind: 'stopped', why: stop.signal.reason === 'hidden' ? 'hidden' : 'cancelled' };
    return { kind: end };
  } catch (error) {
    if (stop.signal.aborted) return { kind: 'stopped', why: stop.signal.reason === 'hidden' ? 'hidden' : 'cancelled' };
    return { kind: 'camera_problem', problem: error instanceof CameraError ? error.problem : 'failed' };
  } finally {
    if (stream) stopStream(stream);
    video.srcObject = null;
    signal.removeEventListener('abort', onAbort);
    document.removeEventListener('visibilitychange', onHidden);
  }
}

/** The scanner this chunk provides. */
export const scanner: Scanner = { scan };
