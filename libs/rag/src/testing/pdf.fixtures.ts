import { createHash } from 'node:crypto';
import { PDFDocument, StandardFonts } from 'pdf-lib';

export interface PdfLineFixture {
  text: string;
  size?: number;
  /** Extra space above the line, in points (a paragraph break). */
  gapBefore?: number;
}

/** A real PDF drawn with pdf-lib: one array of lines per page, top to bottom. */
export async function buildPdf(pages: PdfLineFixture[][], title?: string): Promise<Buffer> {
  const doc = await PDFDocument.create();
  if (title) doc.setTitle(title);
  const font = await doc.embedFont(StandardFonts.Helvetica);
  for (const lines of pages) {
    const page = doc.addPage([612, 792]);
    let y = 740;
    for (const line of lines) {
      const size = line.size ?? 11;
      y -= (line.gapBefore ?? 0) + size * 1.3;
      page.drawText(line.text, { x: 50, y, size, font });
    }
  }
  return Buffer.from(await doc.save());
}

export function buildPdfFromObjects(objects: Buffer[], trailer: string): Buffer {
  const parts: Buffer[] = [Buffer.from('%PDF-1.4\n%\xe2\xe3\xcf\xd3\n', 'latin1')];
  const offsets: number[] = [];
  let length = parts[0].length;
  objects.forEach((body, i) => {
    const object = Buffer.concat([Buffer.from(`${i + 1} 0 obj\n`), body, Buffer.from('\nendobj\n')]);
    offsets.push(length);
    parts.push(object);
    length += object.length;
  });
  const xref = [`xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`]
    .concat(offsets.map((offset) => `${String(offset).padStart(10, '0')} 00000 n \n`))
    .join('');
  parts.push(Buffer.from(`${xref}trailer\n${trailer}\nstartxref\n${length}\n%%EOF\n`));
  return Buffer.concat(parts);
}

function rc4(key: Buffer, data: Buffer): Buffer {
  const s = Array.from({ length: 256 }, (_, i) => i);
  for (let i = 0, j = 0; i < 256; i++) {
    j = (j + s[i] + key[i % key.length]) & 0xff;
    [s[i], s[j]] = [s[j], s[i]];
  }
  const out = Buffer.alloc(data.length);
  for (let n = 0, i = 0, j = 0; n < data.length; n++) {
    i = (i + 1) & 0xff;
    j = (j + s[i]) & 0xff;
    [s[i], s[j]] = [s[j], s[i]];
    out[n] = data[n] ^ s[(s[i] + s[j]) & 0xff];
  }
  return out;
}

const md5 = (...parts: Buffer[]) => createHash('md5').update(Buffer.concat(parts)).digest();
const PASSWORD_PAD = Buffer.from('28BF4E5E4E758A4164004E56FFFA01082E2E00B6D0683E802F0CA9FE6453697A', 'hex');
const padPassword = (password: string) =>
  Buffer.concat([Buffer.from(password, 'latin1'), PASSWORD_PAD]).subarray(0, 32);

/**
 * A real encrypted PDF (standard security handler, revision 2, RC4 40-bit, algorithms 3.1–3.4 of the
 * PDF 1.7 spec) whose content opens only with `userPassword`.
 */
export function buildEncryptedPdf(userPassword = 'secret', ownerPassword = 'owner'): Buffer {
  const id = md5(Buffer.from('seed-encrypted-fixture'));
  const permissions = -44;
  const ownerKey = md5(padPassword(ownerPassword)).subarray(0, 5);
  const o = rc4(ownerKey, padPassword(userPassword));
  const p = Buffer.alloc(4);
  p.writeInt32LE(permissions);
  const fileKey = md5(padPassword(userPassword), o, p, id).subarray(0, 5);
  const u = rc4(fileKey, PASSWORD_PAD);
  const objectKey = (num: number) =>
    md5(fileKey, Buffer.from([num & 0xff, (num >> 8) & 0xff, num >> 16, 0, 0])).subarray(0, 10);
  const content = rc4(objectKey(5), Buffer.from('BT /F1 24 Tf 72 700 Td (Secret plans) Tj ET'));
  const objects = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>',
    '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>',
  ].map((body) => Buffer.from(body));
  objects.push(
    Buffer.concat([Buffer.from(`<< /Length ${content.length} >>\nstream\n`), content, Buffer.from('\nendstream')]),
  );
  objects.push(
    Buffer.from(
      `<< /Filter /Standard /V 1 /R 2 /O <${o.toString('hex')}> /U <${u.toString('hex')}> /P ${permissions} >>`,
    ),
  );
  const hexId = id.toString('hex');
  return buildPdfFromObjects(objects, `<< /Size 7 /Root 1 0 R /Encrypt 6 0 R /ID [<${hexId}> <${hexId}>] >>`);
}

/** A PDF header followed by deterministic garbage: no objects, no xref, no trailer. */
export function buildCorruptPdf(): Buffer {
  const garbage = Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 7919 + 13) % 251));
  return Buffer.concat([Buffer.from('%PDF-1.7\n'), garbage]);
}
