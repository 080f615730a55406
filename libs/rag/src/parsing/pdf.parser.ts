import { DocumentBuilder, StructureBlock } from './document-builder';
import { DocumentParseError } from './document.exceptions';
import { bodyFontSize, headingLevels, pageBlocks, PdfLine } from './pdf-layout';
import { loadPdfjs, PdfDocumentProxy, PdfPageProxy } from './pdfjs.loader';
import { ParsedDocument, ParseLimits } from './parsed-document.types';

interface PdfTextItem {
  str: string;
  transform: number[];
  height: number;
  hasEOL: boolean;
}

function loadError(error: unknown): DocumentParseError {
  const name = (error as { name?: string } | undefined)?.name;
  if (name === 'PasswordException')
    return new DocumentParseError('PDF is encrypted (password required)', { cause: error });
  if (name === 'InvalidPDFException')
    return new DocumentParseError('PDF is corrupt (invalid PDF structure)', { cause: error });
  return new DocumentParseError('PDF is corrupt and could not be read', { cause: error });
}

function isTextItem(item: object): item is PdfTextItem {
  return 'str' in item && 'transform' in item;
}

/** pdfjs yields runs of text; a visual line ends at `hasEOL` or where the baseline moves. */
async function pageLines(page: PdfPageProxy): Promise<PdfLine[]> {
  const content = await page.getTextContent();
  const lines: PdfLine[] = [];
  let current: PdfLine | undefined;
  for (const item of content.items) {
    if (!isTextItem(item)) continue;
    const size = Math.abs(item.transform[3]) || item.height;
    const y = item.transform[5];
    if (current && item.str && Math.abs(current.y - y) > size * 0.5) current = undefined;
    if (!current) lines.push((current = { text: '', fontSize: 0, y }));
    current.text += item.str;
    if (item.str.trim()) current.fontSize = Math.max(current.fontSize, size);
    if (item.hasEOL) current = undefined;
  }
  return lines.filter((line) => line.text.trim());
}

async function documentTitle(pdf: PdfDocumentProxy): Promise<string | undefined> {
  const metadata = await pdf.getMetadata().catch(() => undefined);
  const title = (metadata?.info as { Title?: unknown } | undefined)?.Title;
  return typeof title === 'string' && title.trim() ? title : undefined;
}

async function extractBlocks(pdf: PdfDocumentProxy): Promise<StructureBlock[]> {
  const pages: PdfLine[][] = [];
  for (let number = 1; number <= pdf.numPages; number++) {
    const page = await pdf.getPage(number);
    pages.push(await pageLines(page));
    page.cleanup();
  }
  const allLines = pages.flat();
  if (allLines.length === 0) throw new DocumentParseError('PDF has no extractable text (scanned pages need OCR)');
  const bodySize = bodyFontSize(allLines);
  const levels = headingLevels(allLines, bodySize);
  return pages.flatMap((lines) => pageBlocks(lines, bodySize, levels));
}

/** Text and heading structure of a PDF; headings are inferred from font size, PDFs rarely tag them. */
export async function parsePdf(bytes: Uint8Array, limits: ParseLimits): Promise<ParsedDocument> {
  const pdfjs = loadPdfjs();
  // pdfjs takes ownership of (and detaches) the buffer it is given, so it gets a copy.
  const task = pdfjs.getDocument({
    data: new Uint8Array(bytes),
    isEvalSupported: false,
    disableFontFace: true,
    useSystemFonts: false,
    stopAtErrors: false,
    verbosity: pdfjs.VerbosityLevel.ERRORS,
  });
  try {
    const pdf = await task.promise.catch((error: unknown) => Promise.reject(loadError(error)));
    if (pdf.numPages > limits.maxPdfPages) {
      throw new DocumentParseError(`PDF has ${pdf.numPages} pages, more than the limit of ${limits.maxPdfPages}`);
    }
    const blocks = await extractBlocks(pdf).catch((error: unknown) =>
      Promise.reject(error instanceof DocumentParseError ? error : loadError(error)),
    );
    return new DocumentBuilder(limits.maxTextChars).addBlocks(blocks).build('pdf', await documentTitle(pdf));
  } finally {
    await task.destroy();
  }
}
