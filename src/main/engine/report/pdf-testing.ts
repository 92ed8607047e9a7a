// Test support (a testing file: only tests and other testing files import it; pdfjs-dist is a devDependency):
// the text a PDF reader finds in a PDF (pdf.js, as Firefox reads PDFs), to check what a PDF says, where it says
// it, and that redacted values are nowhere in it.
import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';

/** A run of text on a page: its string and where its baseline starts, in PDF points from the page's bottom left. */
export interface PdfTextItem {
  str: string;
  x: number;
  y: number;
}

/** Every page's text runs, in the order the PDF draws them. */
export async function pdfTextItems(bytes: Uint8Array): Promise<PdfTextItem[][]> {
  // pdf.js takes over (detaches) the buffer it is given: give it a copy.
  const doc = await getDocument({ data: new Uint8Array(bytes), isEvalSupported: false, useSystemFonts: false, disableFontFace: true, verbosity: 0 }).promise;
  try {
    const pages: PdfTextItem[][] = [];
    for (let i = 1; i <= doc.numPages; i++) {
      const content = await (await doc.getPage(i)).getTextContent();
      const items: PdfTextItem[] = [];
      for (const item of content.items) if ('str' in item) items.push({ str: item.str + (item.hasEOL ? '\n' : ''), x: item.transform[4], y: item.transform[5] });
      pages.push(items);
    }
    return pages;
  } finally {
    await doc.destroy();
  }
}

/** The page count and the text of every page, pages separated by a form feed, lines by newlines. */
export async function pdfText(bytes: Uint8Array): Promise<{ pages: number; text: string }> {
  const pages = await pdfTextItems(bytes);
  return { pages: pages.length, text: pages.map((p) => p.map((i) => i.str).join('')).join('\n\f') };
}
