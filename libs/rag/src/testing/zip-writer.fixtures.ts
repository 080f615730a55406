import { crc32, deflateRawSync } from 'node:zlib';

/** A zip entry for test archives; `declaredSize` lets a test lie in the headers like a crafted bomb. */
export interface ZipEntryFixture {
  name: string;
  data: Buffer;
  declaredSize?: number;
}

interface WrittenEntry {
  name: Buffer;
  crc: number;
  compressedSize: number;
  declaredSize: number;
  offset: number;
}

function localHeader(entry: WrittenEntry): Buffer {
  const header = Buffer.alloc(30);
  header.writeUInt32LE(0x04034b50, 0);
  header.writeUInt16LE(20, 4); // version needed
  header.writeUInt16LE(8, 8); // deflate
  header.writeUInt32LE(entry.crc, 14);
  header.writeUInt32LE(entry.compressedSize, 18);
  header.writeUInt32LE(entry.declaredSize, 22);
  header.writeUInt16LE(entry.name.length, 26);
  return Buffer.concat([header, entry.name]);
}

function centralHeader(entry: WrittenEntry): Buffer {
  const header = Buffer.alloc(46);
  header.writeUInt32LE(0x02014b50, 0);
  header.writeUInt16LE(20, 4);
  header.writeUInt16LE(20, 6);
  header.writeUInt16LE(8, 10);
  header.writeUInt32LE(entry.crc, 16);
  header.writeUInt32LE(entry.compressedSize, 20);
  header.writeUInt32LE(entry.declaredSize, 24);
  header.writeUInt16LE(entry.name.length, 28);
  header.writeUInt32LE(entry.offset, 42);
  return Buffer.concat([header, entry.name]);
}

function endOfCentralDirectory(count: number, size: number, offset: number): Buffer {
  const record = Buffer.alloc(22);
  record.writeUInt32LE(0x06054b50, 0);
  record.writeUInt16LE(count, 8);
  record.writeUInt16LE(count, 10);
  record.writeUInt32LE(size, 12);
  record.writeUInt32LE(offset, 16);
  return record;
}

/**
 * Writes a deflated zip archive by hand. `extraCentralReferences` adds central-directory entries that
 * point at already-written data: the overlapping-entries trick of non-recursive zip bombs.
 */
export function writeZip(entries: ZipEntryFixture[], extraCentralReferences: { name: string; target: number }[] = []) {
  const parts: Buffer[] = [];
  const written: WrittenEntry[] = [];
  let offset = 0;
  for (const entry of entries) {
    const compressed = deflateRawSync(entry.data);
    const record = {
      name: Buffer.from(entry.name),
      crc: crc32(entry.data),
      compressedSize: compressed.length,
      declaredSize: entry.declaredSize ?? entry.data.length,
      offset,
    };
    const local = localHeader(record);
    parts.push(local, compressed);
    written.push(record);
    offset += local.length + compressed.length;
  }
  const references = extraCentralReferences.map((ref) => ({ ...written[ref.target], name: Buffer.from(ref.name) }));
  const central = Buffer.concat([...written, ...references].map(centralHeader));
  parts.push(central, endOfCentralDirectory(written.length + references.length, central.length, offset));
  return Buffer.concat(parts);
}
