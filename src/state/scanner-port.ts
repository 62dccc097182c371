/** What a scan needs to say about the camera once it is running. */
export interface CameraInfo {
  cameras: { deviceId: string; label: string }[];
  activeDeviceId: string | null;
  /** Switches the torch, where the camera has one. */
  torch: ((on: boolean) => Promise<void>) | null;
}

/** A scan with no PushedID in view for this long ends, and the camera is released. */
export const SCAN_IDLE_TIMEOUT_MS = 60_000;

/** Why the camera could not be used, in terms the UI explains to a host. */
export type CameraProblem = 'insecure' | 'denied' | 'no_camera' | 'busy' | 'failed';

/** How a scan ended. The camera is released in every case. */
export type ScanOutcome =
  | { kind: 'accepted' }
  | { kind: 'timed_out' }
  | { kind: 'stopped'; why: 'cancelled' | 'hidden' }
  | { kind: 'camera_problem'; problem: CameraProblem };

export interface ScanRequest {
  video: HTMLVideoElement;
  /** The camera to use; null for the remembered one, else the back camera. */
  deviceId: string | null;
  signal: AbortSignal;
  /** Each new text read; return 'accept' to end the scan. */
  onText(text: string): 'accept' | 'keep_scanning';
  onCamera(info: CameraInfo): void;
}

/** The scanner, loaded on demand (a separate chunk): camera plus QR decoder. */
export interface Scanner {
  scan(request: ScanRequest): Promise<ScanOutcome>;
}

/** Loads the scanner chunk. */
export type LoadScanner = () => Promise<Scanner>;
