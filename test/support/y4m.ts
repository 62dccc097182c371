import { writeFile } from 'node:fs/promises';

/**
 * Writes grey frames as a .y4m video (4:2:0, neutral chroma), the format Chromium's fake camera
 * plays with --use-file-for-fake-video-capture. It loops the file.
 */
export async function writeY4m(
  path: string,
  frames: Uint8Array[],
  width: number,
  height: number,
  fps = 10,
): Promise<void> {
  const chroma = new Uint8Array((width / 2) * (height / 2)).fill(128);
  const parts: Uint8Array[] = [new TextEncoder().encode(`YUV4MPEG2 W${width} H${height} F${fps}:1 Ip A1:1 C420jpeg\n`)];
  const frameHeader = new TextEncoder().encode('FRAME\n');
  for (const luma of frames) parts.push(frameHeader, luma, chroma, chroma);
  await writeFile(path, Buffer.concat(parts));
}
