import { lookup as dnsLookup } from 'node:dns';
import type { LookupFunction } from 'node:net';
import { OnApplicationShutdown } from '@nestjs/common';
import { Agent, buildConnector, fetch as undiciFetch, type RequestInit as UndiciRequestInit } from 'undici';
import { parseIpAddress } from './outbound-address';
import { OutboundPolicy, OutboundRules } from './outbound-policy';

/** A call to a tenant-given URL was not made; the message names the address and the setting that allows it. */
export class OutboundRefused extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'OutboundRefused';
  }
}

/**
 * `fetch` for URLs that tenant admins give Seed (pages to crawl, webhooks, agent tools): it only speaks
 * http(s) and only reaches the addresses the policy allows. The check happens where the socket is
 * opened, on every address the host name resolved to, and the socket connects to that checked address:
 * a DNS answer that changes between a check and the connection (DNS rebinding) has no window, and every
 * redirect hop and reused host goes through the same door.
 *
 * It uses undici's own fetch and Agent: a dispatcher from the undici package handed to Node's built-in
 * fetch (a different undici) breaks as soon as the two versions disagree.
 */
export class OutboundGuard implements OnApplicationShutdown {
  private readonly rules: OutboundRules;
  private readonly dispatcher: Agent;

  constructor(policy: OutboundPolicy) {
    this.rules = new OutboundRules(policy);
    const connectResolved = buildConnector({ lookup: this.checkedLookup });
    this.dispatcher = new Agent({
      connect: (options, callback) => {
        // A literal address is never looked up, so it is checked here.
        const refusal = parseIpAddress(options.hostname) && this.rules.refusal(options.hostname, options.hostname);
        if (refusal) callback(new OutboundRefused(refusal), null);
        else connectResolved(options, callback);
      },
    });
  }

  /** Throws OutboundRefused for a URL that can be refused before any I/O: another scheme, a refused literal address. */
  check(url: string | URL): void {
    const parsed = new URL(url);
    if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') {
      throw new OutboundRefused(`only http and https URLs are called, not ${parsed.protocol}`);
    }
    const host = parsed.hostname.replace(/^\[(.*)\]$/, '$1');
    const refusal = parseIpAddress(host) && this.rules.refusal(host, host);
    if (refusal) throw new OutboundRefused(refusal);
  }

  /** The global fetch's contract, plus OutboundRefused (thrown as is, not wrapped in "fetch failed"). */
  async fetch(url: string, init: RequestInit = {}): Promise<Response> {
    this.check(url);
    try {
      const response = await undiciFetch(url, { ...(init as UndiciRequestInit), dispatcher: this.dispatcher });
      return response as unknown as Response;
    } catch (error) {
      const cause = (error as { cause?: unknown }).cause;
      throw cause instanceof OutboundRefused ? cause : error;
    }
  }

  async onApplicationShutdown(): Promise<void> {
    await this.dispatcher.close();
  }

  /** dns.lookup, then every address checked: one refused address refuses the host, whatever the others are. */
  private readonly checkedLookup: LookupFunction = (hostname, options, callback) => {
    dnsLookup(hostname, { ...options, all: true }, (error, addresses) => {
      if (error) return callback(error, '');
      const refusal = addresses.map(({ address }) => this.rules.refusal(hostname, address)).find(Boolean);
      if (refusal) return callback(new OutboundRefused(refusal), '');
      if (options.all) return callback(null, addresses);
      callback(null, addresses[0].address, addresses[0].family);
    });
  };
}
