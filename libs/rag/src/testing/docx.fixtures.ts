import { Document, HeadingLevel, Packer, Paragraph, Table, TableCell, TableRow, TextRun } from 'docx';
import { writeZip, ZipEntryFixture } from './zip-writer.fixtures';

/** A real DOCX written by the `docx` package: Title, two heading levels, body text and a table. */
export async function buildHandbookDocx(): Promise<Buffer> {
  const cell = (text: string) => new TableCell({ children: [new Paragraph(text)] });
  const doc = new Document({
    sections: [
      {
        children: [
          new Paragraph({ text: 'Employee Handbook', heading: HeadingLevel.TITLE }),
          new Paragraph({ text: 'Leave', heading: HeadingLevel.HEADING_1 }),
          new Paragraph({ children: [new TextRun('Everyone gets '), new TextRun({ text: '25 days', bold: true })] }),
          new Paragraph({ text: 'Sick leave', heading: HeadingLevel.HEADING_2 }),
          new Paragraph('Call your manager before 9am.'),
          new Paragraph({ text: 'Equipment', heading: HeadingLevel.HEADING_1 }),
          new Table({ rows: [new TableRow({ children: [cell('Laptop'), cell('MacBook Air')] })] }),
        ],
      },
    ],
  });
  return Packer.toBuffer(doc);
}

const CONTENT_TYPES =
  '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">' +
  '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>' +
  '<Default Extension="xml" ContentType="application/xml"/>' +
  '<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>' +
  '</Types>';
const ROOT_RELS =
  '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">' +
  '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/>' +
  '</Relationships>';
const DOCUMENT =
  '<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">' +
  '<w:body><w:p><w:r><w:t>Small but valid.</w:t></w:r></w:p></w:body></w:document>';

/** The three parts of a minimal valid DOCX, written with the hand-made zip writer. */
export function minimalDocxEntries(): ZipEntryFixture[] {
  return [
    { name: '[Content_Types].xml', data: Buffer.from(CONTENT_TYPES) },
    { name: '_rels/.rels', data: Buffer.from(ROOT_RELS) },
    { name: 'word/document.xml', data: Buffer.from(DOCUMENT) },
  ];
}

export function buildMinimalDocx(): Buffer {
  return writeZip(minimalDocxEntries());
}

const MB = 1024 * 1024;
const zeroCache = new Map<number, Buffer>();
const zeros = (megabytes: number) =>
  zeroCache.get(megabytes) ?? zeroCache.set(megabytes, Buffer.alloc(megabytes * MB)).get(megabytes)!;

/** A valid DOCX plus a payload of zeros that deflates ~1000:1 and declares its true size. */
export function buildZipBombDocx(megabytes: number): Buffer {
  return writeZip([...minimalDocxEntries(), { name: 'word/media/payload.bin', data: zeros(megabytes) }]);
}

/** Same payload, but its headers claim 1 KB: only inflating it reveals the real size. */
export function buildLyingZipBombDocx(megabytes: number): Buffer {
  return writeZip([
    ...minimalDocxEntries(),
    { name: 'word/media/payload.bin', data: zeros(megabytes), declaredSize: 1024 },
  ]);
}

/** One modest payload referenced by many central-directory entries (overlapping entries). */
export function buildOverlappingZipBombDocx(megabytes: number, references: number): Buffer {
  const entries = [...minimalDocxEntries(), { name: 'word/media/payload.bin', data: zeros(megabytes) }];
  const extra = Array.from({ length: references }, (_, i) => ({ name: `word/media/copy${i}.bin`, target: 3 }));
  return writeZip(entries, extra);
}
