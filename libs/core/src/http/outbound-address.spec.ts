import { addressInCidr, classifyAddress, parseCidr, parseIpAddress } from './outbound-address';

describe('classifyAddress', () => {
  const scopeOf = (address: string) => classifyAddress(address)?.scope ?? 'public';
  const labelOf = (address: string) => classifyAddress(address)?.label ?? 'public';

  it.each([
    ['127.0.0.1', 'loopback'],
    ['127.255.255.254', 'loopback'],
    ['10.0.0.1', 'RFC 1918'],
    ['172.16.0.1', 'RFC 1918'],
    ['172.31.255.255', 'RFC 1918'],
    ['192.168.1.10', 'RFC 1918'],
    ['100.64.0.1', 'carrier-grade NAT'],
    ['100.127.255.255', 'carrier-grade NAT'],
    ['100.100.100.200', 'cloud metadata'],
    ['100.100.100.201', 'carrier-grade NAT'],
    ['198.18.0.1', 'benchmarking'],
    ['169.254.169.254', 'link-local'],
    ['0.0.0.0', 'unspecified'],
    ['0.1.2.3', 'unspecified'],
    ['224.0.0.251', 'multicast'],
    ['239.255.255.250', 'multicast'],
    ['240.0.0.1', 'reserved'],
    ['255.255.255.255', 'reserved'],
    ['192.0.0.170', 'reserved'],
  ])('IPv4 %s is %s', (address, label) => {
    expect(labelOf(address)).toContain(label);
  });

  it.each([
    ['::1', 'loopback'],
    ['0:0:0:0:0:0:0:1', 'loopback'],
    ['::', 'unspecified'],
    ['fc00::1', 'unique local'],
    ['fd12:3456:789a::1', 'unique local'],
    ['fd00:ec2::254', 'cloud metadata'],
    ['fd00:ec2::253', 'unique local'],
    ['fe80::1', 'link-local'],
    ['fe80::1%eth0', 'link-local'],
    ['febf:ffff::1', 'link-local'],
    ['fec0::1', 'site-local'],
    ['ff02::1', 'multicast'],
    ['100::1', 'reserved'],
    ['64:ff9b:1::1', 'NAT64'],
    ['[::1]', 'loopback'],
  ])('IPv6 %s is %s', (address, label) => {
    expect(labelOf(address)).toContain(label);
  });

  it.each([
    ['::ffff:127.0.0.1', 'loopback'],
    ['::ffff:7f00:1', 'loopback'],
    ['0:0:0:0:0:ffff:7f00:1', 'loopback'],
    ['::ffff:169.254.169.254', 'link-local'],
    ['::ffff:a9fe:a9fe', 'link-local'],
    ['::ffff:10.1.2.3', 'RFC 1918'],
    ['::ffff:0.0.0.0', 'unspecified'],
    ['::127.0.0.1', 'loopback'],
    ['64:ff9b::7f00:1', 'loopback'],
    ['64:ff9b::192.168.0.1', 'RFC 1918'],
    ['2002:7f00:1::', 'loopback'],
    ['2002:a9fe:a9fe::1', 'link-local'],
  ])('an IPv6 form carrying an IPv4 address, %s, is judged by that address: %s', (address, label) => {
    expect(labelOf(address)).toContain(label);
  });

  it.each([
    '8.8.8.8',
    '1.1.1.1',
    '93.184.216.34',
    '172.15.255.255',
    '172.32.0.1',
    '100.63.255.255',
    '100.128.0.1',
    '169.253.255.255',
    '198.20.0.1',
    '223.255.255.255',
    '2606:4700:4700::1111',
    '2a00:1450:4007:80e::200e',
    '::ffff:8.8.8.8',
    '64:ff9b::808:808',
    '2002:808:808::1',
    'fbff::1',
    'fe7f::1',
  ])('%s is public', (address) => {
    expect(scopeOf(address)).toBe('public');
  });

  it('puts internal networks in the private scope and link-local, unspecified, multicast in the special one', () => {
    expect(['127.0.0.1', '10.0.0.1', '100.64.0.1', 'fd00::1', '::1', '::ffff:192.168.0.1'].map(scopeOf)).toEqual(
      Array(6).fill('private'),
    );
    expect(['169.254.169.254', 'fe80::1', '0.0.0.0', '::', '224.0.0.1', 'ff02::1'].map(scopeOf)).toEqual(
      Array(6).fill('special'),
    );
  });

  it('throws for text that is not an address', () => {
    expect(() => classifyAddress('localhost')).toThrow('localhost is not an IP address');
  });
});

describe('parseIpAddress', () => {
  it('reads dotted IPv4 and every IPv6 spelling, nothing else', () => {
    expect(parseIpAddress('192.168.0.1')).toEqual([192, 168, 0, 1]);
    expect(parseIpAddress('::ffff:1.2.3.4')).toEqual([0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 255, 255, 1, 2, 3, 4]);
    expect(parseIpAddress('2001:db8::8:800:200c:417a')).toEqual([
      0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0, 0, 0x08, 0x08, 0, 0x20, 0x0c, 0x41, 0x7a,
    ]);
    expect(parseIpAddress('1:2:3:4:5:6:7:8')).toEqual([0, 1, 0, 2, 0, 3, 0, 4, 0, 5, 0, 6, 0, 7, 0, 8]);
    for (const text of ['localhost', '0x7f.1', '2130706433', '127.1', '256.0.0.1', '1::2::3', 'example.com', '']) {
      expect([text, parseIpAddress(text)]).toEqual([text, null]);
    }
  });
});

describe('parseCidr and addressInCidr', () => {
  it('reads ranges and single addresses, refusing lengths beyond the address', () => {
    expect(parseCidr('10.0.0.0/8')).toEqual({ bytes: [10, 0, 0, 0], bits: 8 });
    expect(parseCidr('10.1.2.3')).toEqual({ bytes: [10, 1, 2, 3], bits: 32 });
    expect(parseCidr('fd00::/8')?.bits).toBe(8);
    for (const text of ['10.0.0.0/33', 'fd00::/129', '10.0.0.0/x', '10.0.0.0/8/1', 'wiki.corp/8']) {
      expect([text, parseCidr(text)]).toEqual([text, null]);
    }
  });

  it('matches addresses inside the range only, an IPv4 range covering mapped IPv6 forms', () => {
    const corp = parseCidr('10.20.0.0/16')!;
    expect(addressInCidr('10.20.255.1', corp)).toBe(true);
    expect(addressInCidr('::ffff:10.20.0.9', corp)).toBe(true);
    expect(addressInCidr('10.21.0.1', corp)).toBe(false);
    expect(addressInCidr('fd00::1', corp)).toBe(false);
    const ula = parseCidr('fd12::/16')!;
    expect(addressInCidr('fd12:1::1', ula)).toBe(true);
    expect(addressInCidr('fd13::1', ula)).toBe(false);
    expect(addressInCidr('10.20.0.1', parseCidr('10.20.0.0/12')!)).toBe(true);
    expect(addressInCidr('10.32.0.1', parseCidr('10.20.0.0/12')!)).toBe(false);
  });
});
