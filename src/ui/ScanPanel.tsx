import { useEffect, useRef, useState } from 'preact/hooks';
import { parsePushedIdPayload } from '../core/pushed-id.ts';
import type { CameraInfo, LoadScanner, ScanOutcome } from '../state/scanner-port.ts';
import { t } from './strings.ts';

interface Props {
  loadScanner: LoadScanner;
  /** A valid PushedID was read; the camera is already off. */
  onPushedId?(id: string): void;
  onClose(): void;
  /** Reads another kind of code than a PushedID: null takes it (the camera goes off), else what to say while scanning on. */
  accept?(text: string): string | null;
  /** The panel's name and its prompt, for another kind of code. */
  title?: string;
  pointAt?: string;
}

/** The camera view of "Scan PushedID": keeps scanning past codes that are not a PushedID, saying why. */
export function ScanPanel({ loadScanner, onPushedId, onClose, accept, title, pointAt }: Props) {
  const video = useRef<HTMLVideoElement>(null);
  const [status, setStatus] = useState<string>(t().scan.starting);
  const [camera, setCamera] = useState<CameraInfo | null>(null);
  const [deviceId, setDeviceId] = useState<string | null>(null);
  const [torchOn, setTorchOn] = useState(false);
  const [ended, setEnded] = useState<ScanOutcome | null>(null);
  const [attempt, setAttempt] = useState(0);

  useEffect(() => {
    const controller = new AbortController(); // aborted on unmount, even while the camera is starting
    setEnded(null);
    setStatus(t().scan.starting);
    void loadScanner()
      .then((scanner) =>
        scanner.scan({
          video: video.current!, // rendered before this effect runs
          deviceId,
          signal: controller.signal,
          onCamera: (info) => {
            setCamera(info);
            setStatus(pointAt ?? t().scan.pointAtCode);
          },
          onText: (text) => {
            if (accept) {
              const refusal = accept(text);
              if (refusal) setStatus(refusal);
              return refusal ? 'keep_scanning' : 'accept';
            }
            const parsed = parsePushedIdPayload(text);
            if (!parsed.ok) {
              setStatus(t().pushedIdMessage(parsed.error));
              return 'keep_scanning';
            }
            onPushedId?.(parsed.value);
            return 'accept';
          },
        }),
      )
      .then((outcome) => !controller.signal.aborted && setEnded(outcome))
      .catch(() => !controller.signal.aborted && setEnded({ kind: 'camera_problem', problem: 'failed' }));
    return () => controller.abort();
  }, [loadScanner, deviceId, attempt]);

  const problem = ended && ended.kind !== 'accepted' ? t().cameraMessage(ended) : null;
  return (
    <section class="scan-panel" aria-label={title ?? t().scan.title}>
      <video ref={video} class="scan-video" muted playsInline aria-hidden="true" />
      <p class={problem ? 'scan-status problem-text' : 'scan-status'} role="status">
        {problem ?? status}
      </p>
      <div class="scan-actions">
        {camera && camera.cameras.length > 1 && !ended && (
          <label class="scan-camera">
            {t().scan.camera}{' '}
            <select
              value={camera.activeDeviceId ?? ''}
              onChange={(e) => setDeviceId(e.currentTarget.value)} // the select is the event's own element
            >
              {camera.cameras.map((c) => (
                <option key={c.deviceId} value={c.deviceId}>
                  {c.label}
                </option>
              ))}
            </select>
          </label>
        )}
        {camera?.torch && !ended && (
          <button
            type="button"
            class="button"
            aria-pressed={torchOn}
            onClick={() => void camera.torch?.(!torchOn).then(() => setTorchOn(!torchOn))}
          >
            {t().scan.torch}
          </button>
        )}
        {ended &&
          ended.kind !== 'accepted' &&
          (ended.kind !== 'camera_problem' || ended.problem === 'busy' || ended.problem === 'failed') && (
            <button type="button" class="button" onClick={() => setAttempt((n) => n + 1)}>
              {t().scan.again}
            </button>
          )}
        <button type="button" class="button" onClick={onClose}>
          {t().scan.close}
        </button>
      </div>
    </section>
  );
}
