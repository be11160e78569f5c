// A video for Chromium's fake camera (--use-file-for-fake-video-capture): a QR code drawn on white, as a
// YUV4MPEG2 file (4:2:0, grey: the chroma planes are flat 128). For the officer app's pass scan.
import fs from 'node:fs';
import { encode } from 'uqr';

export function writeQrY4m(file: string, text: string, opts: { width?: number; height?: number; frames?: number } = {}): void {
  const width = opts.width ?? 640;
  const height = opts.height ?? 480;
  const frames = opts.frames ?? 10;
  // border: the quiet zone of 4 modules the standard asks for
  const { data, size } = encode(text, { ecc: 'M', border: 4 });
  const module = Math.max(2, Math.floor((Math.min(width, height) * 0.95) / size));
  const side = module * size;
  const left = Math.floor((width - side) / 2);
  const top = Math.floor((height - side) / 2);
  const luma = Buffer.alloc(width * height, 235); // video white
  for (let y = 0; y < side; y++) {
    const row = data[Math.floor(y / module)];
    for (let x = 0; x < side; x++) if (row[Math.floor(x / module)]) luma[(top + y) * width + left + x] = 16; // video black
  }
  const chroma = Buffer.alloc((width / 2) * (height / 2), 128);
  const frame = Buffer.concat([Buffer.from('FRAME\n'), luma, chroma, chroma]);
  const header = Buffer.from(`YUV4MPEG2 W${width} H${height} F10:1 Ip A1:1 C420jpeg\n`);
  fs.writeFileSync(file, Buffer.concat([header, ...Array.from({ length: frames }, () => frame)]));
}
