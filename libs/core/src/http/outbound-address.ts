import { isIPv4, isIPv6 } from 'node:net';

/**
 * `private`: internal networks a single-organisation install may want to reach (an intranet wiki), lifted
 * by OUTBOUND_ALLOW_PRIVATE. `special`: addresses no tenant-given URL has a reason to reach (link-local,
 * where cloud metadata lives; unspecified, which reaches this host; multicast; reserved), lifted only by
 * naming them in OUTBOUND_ALLOWED_HOSTS.
 */
export type AddressScope = 'private' | 'special';

export interface AddressRange {
  scope: AddressScope;
  /** Reads after "is": "a loopback address". */
  label: string;
}

interface Block {
  bytes: number[];
  bits: number;
  range: AddressRange;
}

const LOOPBACK: AddressRange = { scope: 'private', label: 'a loopback address' };
const PRIVATE_V4: AddressRange = { scope: 'private', label: 'a private address (RFC 1918)' };
const LINK_LOCAL: AddressRange = { scope: 'special', label: 'a link-local address (cloud metadata lives there)' };
const UNSPECIFIED: AddressRange = { scope: 'special', label: 'the unspecified address (it reaches this host)' };
const MULTICAST: AddressRange = { scope: 'special', label: 'a multicast address' };
const RESERVED: AddressRange = { scope: 'special', label: 'a reserved address' };
/** Cloud metadata services outside link-local, inside ranges OUTBOUND_ALLOW_PRIVATE would otherwise open. */
const CLOUD_METADATA: AddressRange = { scope: 'special', label: 'a cloud metadata address' };

// The first block that holds an address names it, so single addresses come before their ranges.
const IPV4_BLOCKS: Block[] = [
  { bytes: [100, 100, 100, 200], bits: 32, range: CLOUD_METADATA }, // Alibaba Cloud, inside carrier-grade NAT
  { bytes: [0], bits: 8, range: UNSPECIFIED },
  { bytes: [10], bits: 8, range: PRIVATE_V4 },
  { bytes: [100, 64], bits: 10, range: { scope: 'private', label: 'a shared address (carrier-grade NAT)' } },
  { bytes: [127], bits: 8, range: LOOPBACK },
  { bytes: [169, 254], bits: 16, range: LINK_LOCAL },
  { bytes: [172, 16], bits: 12, range: PRIVATE_V4 },
  { bytes: [192, 0, 0], bits: 24, range: RESERVED },
  { bytes: [192, 168], bits: 16, range: PRIVATE_V4 },
  { bytes: [198, 18], bits: 15, range: { scope: 'private', label: 'a benchmarking address (RFC 2544)' } },
  { bytes: [224], bits: 4, range: MULTICAST },
  { bytes: [240], bits: 4, range: RESERVED }, // includes the broadcast address
];

const IPV6_BLOCKS: Block[] = [
  // AWS's IPv6 metadata endpoint fd00:ec2::254, inside the unique local range
  { bytes: [0xfd, 0x00, 0x0e, 0xc2, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x02, 0x54], bits: 128, range: CLOUD_METADATA },
  { bytes: [0x01, 0x00], bits: 64, range: RESERVED }, // 100::/64, discard-only
  {
    bytes: [0x00, 0x64, 0xff, 0x9b, 0x00, 0x01],
    bits: 48,
    range: { scope: 'private', label: 'a local NAT64 address' },
  },
  { bytes: [0xfc], bits: 7, range: { scope: 'private', label: 'a unique local address (fc00::/7)' } },
  { bytes: [0xfe, 0x80], bits: 10, range: LINK_LOCAL },
  { bytes: [0xfe, 0xc0], bits: 10, range: { scope: 'private', label: 'a site-local address' } },
  { bytes: [0xff], bits: 8, range: MULTICAST },
];

/**
 * IPv6 forms that carry an IPv4 address and may reach it: mapped (::ffff:a.b.c.d, what a dual-stack
 * socket turns an IPv4 connection into), IPv4-compatible (::a.b.c.d), NAT64 (64:ff9b::/96) and 6to4
 * (2002::/16). They are judged by the IPv4 address inside.
 */
const EMBEDDED_V4: { prefix: number[]; bits: number; offset: number }[] = [
  { prefix: [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff], bits: 96, offset: 12 },
  { prefix: [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0], bits: 96, offset: 12 },
  { prefix: [0x00, 0x64, 0xff, 0x9b, 0, 0, 0, 0, 0, 0, 0, 0], bits: 96, offset: 12 },
  { prefix: [0x20, 0x02], bits: 16, offset: 2 },
];

/** The range `address` (an IPv4 or IPv6 literal) falls in, or null for an ordinary public address. */
export function classifyAddress(address: string): AddressRange | null {
  const bytes = parseIpAddress(address);
  if (!bytes) throw new Error(`${address} is not an IP address`);
  return classifyBytes(bytes);
}

function classifyBytes(bytes: number[]): AddressRange | null {
  if (bytes.length === 4) return IPV4_BLOCKS.find((block) => matches(bytes, block.bytes, block.bits))?.range ?? null;
  if (bytes.every((byte) => byte === 0)) return UNSPECIFIED;
  if (bytes.slice(0, 15).every((byte) => byte === 0) && bytes[15] === 1) return LOOPBACK;
  const embedded = EMBEDDED_V4.find((form) => matches(bytes, form.prefix, form.bits));
  if (embedded) return classifyBytes(bytes.slice(embedded.offset, embedded.offset + 4));
  return IPV6_BLOCKS.find((block) => matches(bytes, block.bytes, block.bits))?.range ?? null;
}

/** An IP range (`10.0.0.0/8`, `fd00::/8`) or a single address; null when `text` is neither. */
export function parseCidr(text: string): { bytes: number[]; bits: number } | null {
  const [address, length, ...rest] = text.split('/');
  const bytes = parseIpAddress(address);
  if (!bytes || rest.length > 0) return null;
  if (length === undefined) return { bytes, bits: bytes.length * 8 };
  const bits = /^\d{1,3}$/.test(length) ? Number(length) : NaN;
  return bits <= bytes.length * 8 ? { bytes, bits } : null;
}

/** Whether `address` lies in `cidr`; an IPv4 range also covers the mapped IPv6 form of its addresses. */
export function addressInCidr(address: string, cidr: { bytes: number[]; bits: number }): boolean {
  let bytes = parseIpAddress(address);
  if (!bytes) return false;
  if (bytes.length === 16 && cidr.bytes.length === 4 && matches(bytes, EMBEDDED_V4[0].prefix, 96)) {
    bytes = bytes.slice(12);
  }
  return bytes.length === cidr.bytes.length && matches(bytes, cidr.bytes, cidr.bits);
}

/** The bytes of an IPv4 (dotted decimal) or IPv6 literal, brackets allowed; null for anything else. */
export function parseIpAddress(text: string): number[] | null {
  const address = text.startsWith('[') && text.endsWith(']') ? text.slice(1, -1) : text;
  if (isIPv4(address)) return address.split('.').map(Number);
  if (!isIPv6(address)) return null;
  return parseIpv6(address.replace(/%.*$/, '')); // a zone id (fe80::1%eth0) says which interface, not where
}

function parseIpv6(address: string): number[] {
  let text = address;
  const tail: number[] = [];
  const dotted = /:(\d+\.\d+\.\d+\.\d+)$/.exec(text);
  if (dotted) {
    tail.push(...dotted[1].split('.').map(Number));
    text = `${text.slice(0, dotted.index)}:0:0`; // stand-in groups, replaced below
  }
  const [head, rest] = text.split('::');
  const groupsOf = (part: string | undefined) => (part ? part.split(':').map((group) => parseInt(group, 16)) : []);
  const front = groupsOf(head);
  const back = groupsOf(rest);
  const groups = rest === undefined ? front : [...front, ...Array(8 - front.length - back.length).fill(0), ...back];
  const bytes = groups.flatMap((group) => [group >> 8, group & 0xff]);
  if (tail.length) bytes.splice(12, 4, ...tail);
  return bytes;
}

function matches(bytes: number[], prefix: number[], bits: number): boolean {
  for (let bit = 0; bit < bits; bit += 8) {
    const index = bit / 8;
    const mask = bits - bit >= 8 ? 0xff : (0xff << (8 - (bits - bit))) & 0xff;
    if (((bytes[index] ?? 0) & mask) !== ((prefix[index] ?? 0) & mask)) return false;
  }
  return true;
}
