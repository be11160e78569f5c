// svg-to-pdfkit ships no types; this is the part of its API the reports use (see its README and source.js).
declare module 'svg-to-pdfkit' {
  interface SvgToPdfOptions {
    /** viewport in PDF points (SVG pixels are scaled by 72/96 unless assumePt) */
    width?: number;
    height?: number;
    preserveAspectRatio?: string;
    assumePt?: boolean;
    precision?: number;
    /** the name of a font registered in the document for an SVG font-family */
    fontCallback?: (family: string, bold: boolean, italic: boolean, fontOptions: { fauxBold: boolean; fauxItalic: boolean }) => string;
    warningCallback?: (message: string) => void;
  }
  function SVGtoPDF(doc: PDFKit.PDFDocument, svg: string, x: number, y: number, options?: SvgToPdfOptions): void;
  export default SVGtoPDF;
}
