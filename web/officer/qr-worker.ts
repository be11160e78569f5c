// Decodes QR codes off the main thread: the scan view posts camera frames (RGBA pixels), the worker answers with
// the text of the code it found, or null. jsQR is plain JavaScript, no WebAssembly, no network.
import jsQR from 'jsqr';

export interface FrameMessage {
  id: number;
  width: number;
  height: number;
  pixels: Uint8ClampedArray;
}

export interface ResultMessage {
  id: number;
  text: string | null;
}

const scope = self as unknown as {
  onmessage: ((event: MessageEvent<FrameMessage>) => void) | null;
  postMessage(message: ResultMessage): void;
};

scope.onmessage = (event) => {
  const { id, width, height, pixels } = event.data;
  let text: string | null;
  try {
    text = jsQR(pixels, width, height, { inversionAttempts: 'attemptBoth' })?.data ?? null;
  } catch {
    text = null;
  }
  scope.postMessage({ id, text: text || null });
};
