// QR codes of site URLs: SVG and PNG for download, and the module matrix for drawing into a PDF as vectors.
import QRCode from 'qrcode';

// Medium correction: survives a scratched or rain-spotted poster without making the code much denser.
const LEVEL = 'M' as const;

export function qrSvg(url: string): Promise<string> {
  return QRCode.toString(url, { type: 'svg', errorCorrectionLevel: LEVEL, margin: 4 });
}

export function qrPng(url: string, width = 640): Promise<Buffer> {
  return QRCode.toBuffer(url, { type: 'png', errorCorrectionLevel: LEVEL, margin: 4, width });
}

/** The dark modules as a square boolean matrix (no quiet zone). */
export function qrMatrix(url: string): { size: number; dark(row: number, col: number): boolean } {
  const { modules } = QRCode.create(url, { errorCorrectionLevel: LEVEL });
  return { size: modules.size, dark: (row, col) => !!modules.get(row, col) };
}
