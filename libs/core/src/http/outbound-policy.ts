import { addressInCidr, classifyAddress, parseCidr, parseIpAddress } from './outbound-address';

/** Which addresses outbound calls to tenant-given URLs may reach (OUTBOUND_* in CoreConfig). */
export interface OutboundPolicy {
  /** Loopback, RFC 1918, unique local and CGNAT addresses; link-local and the like stay refused. */
  allowPrivate: boolean;
  /** Host names (`wiki.corp`, `*.corp`), addresses or ranges (`10.1.0.0/16`) reachable whatever they are. */
  allowedHosts: readonly string[];
}

const HOST_NAME = /^(\*\.)?[a-z0-9_]([a-z0-9_-]*[a-z0-9_])?(\.[a-z0-9_]([a-z0-9_-]*[a-z0-9_])?)*$/;

/** Why an OUTBOUND_ALLOWED_HOSTS entry is not usable; null when it is. */
export function allowedHostProblem(entry: string): string | null {
  if (parseCidr(entry) || HOST_NAME.test(entry.toLowerCase())) return null;
  return `"${entry}" is neither a host name (wiki.corp, *.corp), an IP address nor a range (10.1.0.0/16)`;
}

/**
 * The decision, kept free of I/O so it is tested on its own: `refusal(host, address)` is asked for
 * every address a host resolves to, right before the connection is made to that very address.
 */
export class OutboundRules {
  private readonly names = new Set<string>();
  private readonly suffixes: string[] = [];
  private readonly ranges: { bytes: number[]; bits: number }[] = [];

  constructor(private readonly policy: OutboundPolicy) {
    for (const entry of policy.allowedHosts) {
      const range = parseCidr(entry);
      if (range) this.ranges.push(range);
      else if (entry.startsWith('*.')) this.suffixes.push(normalizeHost(entry.slice(1)));
      else this.names.add(normalizeHost(entry));
    }
  }

  /** Why `host`, resolved to `address`, must not be reached; null when it may. */
  refusal(host: string, address: string): string | null {
    const range = classifyAddress(address);
    if (!range || (range.scope === 'private' && this.policy.allowPrivate)) return null;
    if (this.ranges.some((allowed) => addressInCidr(address, allowed)) || this.hostAllowed(host)) return null;
    const settings =
      range.scope === 'private' ? 'OUTBOUND_ALLOW_PRIVATE or OUTBOUND_ALLOWED_HOSTS' : 'OUTBOUND_ALLOWED_HOSTS';
    const where = parseIpAddress(host) ? `${address} is` : `${host} resolves to ${address},`;
    return `${where} ${range.label}, which Seed does not connect to (see ${settings})`;
  }

  private hostAllowed(host: string): boolean {
    const name = normalizeHost(host);
    return this.names.has(name) || this.suffixes.some((suffix) => name.endsWith(suffix));
  }
}

/** `Wiki.Corp.` and `wiki.corp` are one host. */
function normalizeHost(host: string): string {
  return host.toLowerCase().replace(/\.$/, '');
}
