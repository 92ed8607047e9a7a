// Test support only, under the name the report tests import: the code is in pdf-testing.ts, where the layering
// lint lets it use pdfjs-dist (a devDependency). Product code must not import this module.
export { pdfText, pdfTextItems, type PdfTextItem } from './pdf-testing';
