// The phone camera as a pass reader: the rear camera into a <video>, a few frames a second drawn to a canvas and
// decoded by a Web Worker (jsQR), the first code found handed to `onCode`. Stops the camera when told to.
import type { FrameMessage, ResultMessage } from './qr-worker.ts';

const FRAMES_PER_SECOND = 6;
const MAX_SIDE = 640;

export type CameraProblem = 'unsupported' | 'denied' | 'unavailable';

export class PassScanner {
  private stream: MediaStream | null = null;
  private worker: Worker | null = null;
  private timer: ReturnType<typeof setInterval> | undefined;
  private busy = false;
  private serial = 0;
  private readonly canvas = document.createElement('canvas');

  constructor(
    private readonly video: HTMLVideoElement,
    private readonly onCode: (text: string) => void,
  ) {}

  get running(): boolean {
    return this.stream !== null;
  }

  /** Opens the camera and starts decoding; null when it runs, else why it cannot. */
  async start(): Promise<CameraProblem | null> {
    if (this.stream) return null;
    if (!navigator.mediaDevices?.getUserMedia) return 'unsupported';
    let stream: MediaStream;
    try {
      stream = await navigator.mediaDevices.getUserMedia({ video: { facingMode: 'environment' }, audio: false });
    } catch (e) {
      const name = e instanceof DOMException ? e.name : '';
      return name === 'NotAllowedError' || name === 'SecurityError' ? 'denied' : 'unavailable';
    }
    this.stream = stream;
    this.video.srcObject = stream;
    this.video.setAttribute('playsinline', '');
    this.video.muted = true;
    await this.video.play().catch(() => undefined);
    this.worker = new Worker(new URL('./qr-worker.ts', import.meta.url), { type: 'module', name: 'qr-decoder' });
    this.worker.onmessage = (event: MessageEvent<ResultMessage>) => {
      this.busy = false;
      if (event.data.id !== this.serial || !event.data.text || !this.stream) return;
      const text = event.data.text;
      this.stop();
      this.onCode(text);
    };
    this.timer = setInterval(() => this.grab(), 1000 / FRAMES_PER_SECOND);
    return null;
  }

  /** One frame to the worker, unless it is still busy with the last one (slow phones skip frames). */
  private grab(): void {
    const { video } = this;
    if (this.busy || !this.worker || video.readyState < HTMLMediaElement.HAVE_CURRENT_DATA || !video.videoWidth) return;
    const scale = Math.min(1, MAX_SIDE / Math.max(video.videoWidth, video.videoHeight));
    const width = Math.round(video.videoWidth * scale);
    const height = Math.round(video.videoHeight * scale);
    this.canvas.width = width;
    this.canvas.height = height;
    const ctx = this.canvas.getContext('2d', { willReadFrequently: true });
    if (!ctx) return;
    ctx.drawImage(video, 0, 0, width, height);
    const { data } = ctx.getImageData(0, 0, width, height);
    const message: FrameMessage = { id: ++this.serial, width, height, pixels: data };
    this.busy = true;
    this.worker.postMessage(message, [data.buffer]);
  }

  stop(): void {
    clearInterval(this.timer);
    this.timer = undefined;
    this.worker?.terminate();
    this.worker = null;
    this.busy = false;
    this.stream?.getTracks().forEach((t) => t.stop());
    this.stream = null;
    this.video.srcObject = null;
  }
}
