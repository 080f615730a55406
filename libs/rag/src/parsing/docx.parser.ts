import mammoth from 'mammoth';
import { assertSafeDocxArchive } from './docx-archive.guard';
import { DocumentParseError } from './document.exceptions';
import { parsedDocumentFromHtml } from './html.parser';
import { ParsedDocument, ParseLimits } from './parsed-document.types';

// Word's Title style is not in mammoth's default map. It becomes the top heading and every Heading N
// moves one level down, so a document with a Title gets it as title and root of its heading paths.
// Only relative levels matter to the heading path, so documents without a Title are unaffected.
const STYLE_MAP = [
  "p[style-name='Title'] => h1:fresh",
  ...[1, 2, 3, 4, 5, 6].map((level) => `p[style-name='Heading ${level}'] => h${Math.min(level + 1, 6)}:fresh`),
];

// Images are not read at all: an empty src means mammoth never inflates them.
const SKIP_IMAGES = mammoth.images.imgElement(async () => ({ src: '' }));

export async function parseDocx(bytes: Buffer, limits: ParseLimits): Promise<ParsedDocument> {
  await assertSafeDocxArchive(bytes, limits);
  let html: string;
  try {
    const result = await mammoth.convertToHtml(
      { buffer: bytes },
      { styleMap: STYLE_MAP, convertImage: SKIP_IMAGES, externalFileAccess: false },
    );
    html = result.value;
  } catch (error) {
    throw new DocumentParseError('DOCX is corrupt (Word content could not be read)', { cause: error });
  }
  return parsedDocumentFromHtml(html, 'docx', limits);
}
