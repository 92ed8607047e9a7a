// svg-to-pdfkit ships no types: the part of its API the PDF report uses (source.js, SVGtoPDF(doc, svg, x, y, options)).
declare module 'svg-to-pdfkit' {
  interface SvgToPdfOptions {
    /** Size of the drawing in PDF points; the SVG's viewBox is fitted into it. */
    width?: number;
    height?: number;
    preserveAspectRatio?: string;
    /** Treat SVG user units as points (default false: 1 px = 0.75 pt). */
    assumePt?: boolean;
    /** Called for every problem the parser or renderer meets; the drawing goes on without the faulty part. */
    warningCallback?: (message: string) => void;
    /** The pdfkit font (a registered name or a file) for a text element's font-family, bold and italic. */
    fontCallback?: (family: string, bold: boolean, italic: boolean, options: { fauxItalic: boolean; fauxBold: boolean }) => string;
    imageCallback?: (link: string) => string;
    colorCallback?: (result: unknown, raw: string) => unknown;
    documentCallback?: (file: string) => unknown;
    precision?: number;
    useCSS?: boolean;
  }
  function SVGtoPDF(doc: PDFKit.PDFDocument, svg: string, x: number, y: number, options?: SvgToPdfOptions): void;
  export default SVGtoPDF;
}
