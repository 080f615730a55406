import { ConfigError } from '../config/parse-env';
import { loadCoreConfig } from '../config/core-config';
import { outboundPolicyOf } from '../config/outbound-config';
import { OutboundRules } from './outbound-policy';

describe('OutboundRules', () => {
  const strict = new OutboundRules({ allowPrivate: false, allowedHosts: [] });

  it('lets public addresses through and refuses the others, naming the host, the address and the setting', () => {
    expect(strict.refusal('example.com', '93.184.216.34')).toBeNull();
    expect(strict.refusal('127.0.0.1', '127.0.0.1')).toBe(
      '127.0.0.1 is a loopback address, which Seed does not connect to (see OUTBOUND_ALLOW_PRIVATE or OUTBOUND_ALLOWED_HOSTS)',
    );
    expect(strict.refusal('evil.example', '10.0.0.5')).toBe(
      'evil.example resolves to 10.0.0.5, a private address (RFC 1918), which Seed does not connect to ' +
        '(see OUTBOUND_ALLOW_PRIVATE or OUTBOUND_ALLOWED_HOSTS)',
    );
    expect(strict.refusal('169.254.169.254', '169.254.169.254')).toMatch(
      /link-local .* \(see OUTBOUND_ALLOWED_HOSTS\)$/,
    );
  });

  it('OUTBOUND_ALLOW_PRIVATE opens internal networks, never cloud metadata (link-local and the two outside it), unspecified or multicast', () => {
    const open = new OutboundRules({ allowPrivate: true, allowedHosts: [] });
    for (const address of [
      '127.0.0.1',
      '10.1.2.3',
      '192.168.0.1',
      '100.64.1.1',
      'fd00::1',
      '::1',
      '::ffff:127.0.0.1',
    ]) {
      expect([address, open.refusal('wiki', address)]).toEqual([address, null]);
    }
    for (const address of [
      '169.254.169.254',
      'fe80::1',
      '::ffff:169.254.169.254',
      '100.100.100.200',
      'fd00:ec2::254',
      '0.0.0.0',
      '::',
      '224.0.0.1',
    ]) {
      expect(open.refusal('wiki', address)).toContain('which Seed does not connect to');
    }
  });

  it('OUTBOUND_ALLOWED_HOSTS opens the named hosts, their subdomains for *. entries, and address ranges', () => {
    const listed = new OutboundRules({
      allowPrivate: false,
      allowedHosts: ['Wiki.Corp', '*.intra.example', '10.20.0.0/16', '169.254.169.254', 'fd12::/16'],
    });
    expect(listed.refusal('wiki.corp', '10.9.9.9')).toBeNull();
    expect(listed.refusal('WIKI.corp.', '127.0.0.1')).toBeNull();
    expect(listed.refusal('docs.intra.example', '192.168.1.1')).toBeNull();
    expect(listed.refusal('a.b.intra.example', '192.168.1.1')).toBeNull();
    expect(listed.refusal('intra.example', '192.168.1.1')).not.toBeNull();
    expect(listed.refusal('evilintra.example', '192.168.1.1')).not.toBeNull();
    expect(listed.refusal('other.corp', '10.9.9.9')).not.toBeNull();
    expect(listed.refusal('anything', '10.20.3.4')).toBeNull();
    expect(listed.refusal('anything', '::ffff:10.20.3.4')).toBeNull();
    expect(listed.refusal('anything', '10.21.3.4')).not.toBeNull();
    expect(listed.refusal('169.254.169.254', '169.254.169.254')).toBeNull();
    expect(listed.refusal('169.254.170.2', '169.254.170.2')).not.toBeNull();
    expect(listed.refusal('anything', 'fd12:0:1::1')).toBeNull();
  });
});

describe('OUTBOUND_* in CoreConfig', () => {
  it('defaults to public addresses only', () => {
    expect(outboundPolicyOf(loadCoreConfig({}))).toEqual({ allowPrivate: false, allowedHosts: [] });
  });

  it('reads the switch and a comma-separated list', () => {
    const config = loadCoreConfig({
      OUTBOUND_ALLOW_PRIVATE: 'true',
      OUTBOUND_ALLOWED_HOSTS: ' wiki.corp, *.intra.example ,10.0.0.0/8,fd00::/8,',
    });
    expect(outboundPolicyOf(config)).toEqual({
      allowPrivate: true,
      allowedHosts: ['wiki.corp', '*.intra.example', '10.0.0.0/8', 'fd00::/8'],
    });
  });

  it('refuses a malformed entry at boot, naming the variable and the entry', () => {
    const load = () => loadCoreConfig({ OUTBOUND_ALLOWED_HOSTS: 'wiki.corp,http://wiki/,10.0.0.0/40' });
    expect(load).toThrow(ConfigError);
    expect(load).toThrow(/OUTBOUND_ALLOWED_HOSTS: "http:\/\/wiki\/" is neither a host name/);
    expect(load).toThrow(/OUTBOUND_ALLOWED_HOSTS: "10\.0\.0\.0\/40" is neither/);
    expect(() => loadCoreConfig({ OUTBOUND_ALLOW_PRIVATE: 'yes' })).toThrow(
      /OUTBOUND_ALLOW_PRIVATE: expected true or false/,
    );
  });
});
