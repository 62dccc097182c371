import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright';
import { CHROMIUM_ARGS, findChromium } from '../support/chromium.ts';
import { renderQrScene, SCENES } from '../support/qr-scene.ts';
import { writeY4m } from '../support/y4m.ts';

export const CAMERA_SIZE = { width: 640, height: 480 };

/** Writes a fake-camera video showing `text` as the named scene (see SCENES). */
export async function cameraVideo(text: string, scene: keyof typeof SCENES): Promise<string> {
  const { width, height } = CAMERA_SIZE;
  const dir = await mkdtemp(join(tmpdir(), 'waitbell-camera-'));
  const path = join(dir, 'camera.y4m');
  const frames = [0, 1, 2].map((seed) =>
    renderQrScene(text, { width, height, seed: seed + 1, ...SCENES[scene]!(width, height) }),
  );
  await writeY4m(path, frames, width, height);
  return path;
}

/** A Chromium whose camera plays `video` (and asks no permission question). */
export function launchWithCamera(video: string): Promise<Browser> {
  return chromium.launch({
    executablePath: findChromium(),
    headless: true,
    args: [
      ...CHROMIUM_ARGS,
      '--use-fake-device-for-media-stream',
      '--use-fake-ui-for-media-stream',
      `--use-file-for-fake-video-capture=${video}`,
    ],
  });
}

/** Keeps every camera stream the page opens, so a test can check that each was released. */
export async function watchCameraStreams(page: Page, options: { delayMs?: number; fail?: string } = {}): Promise<void> {
  await page.addInitScript(({ delayMs, fail }) => {
    const streams: MediaStream[] = [];
    (window as unknown as { cameraStreams: MediaStream[] }).cameraStreams = streams;
    const original = navigator.mediaDevices.getUserMedia.bind(navigator.mediaDevices);
    navigator.mediaDevices.getUserMedia = async (constraints) => {
      if (fail) throw new DOMException('test', fail);
      if (delayMs) await new Promise((resolve) => setTimeout(resolve, delayMs));
      const stream = await original(constraints);
      streams.push(stream);
      return stream;
    };
  }, options);
}

/** The state of every camera track the page has opened: 'live' or 'ended'. */
export const trackStates = (page: Page) =>
  page.evaluate(() =>
    (window as unknown as { cameraStreams: MediaStream[] }).cameraStreams.flatMap((s) =>
      s.getTracks().map((t) => t.readyState),
    ),
  );
