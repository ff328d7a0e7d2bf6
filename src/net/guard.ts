/**
 * The SSRF guard. A shared server fetches URLs that users supply, so before connecting it resolves
 * the host, refuses loopback, private, link-local, CGNAT, multicast, unspecified and reserved
 * addresses (and IPv6 forms carrying them), and connects only to the address it checked: the
 * check runs inside the socket's own `lookup`, so DNS cannot answer differently between check and
 * connect. The administrator allows hosts, addresses and CIDR ranges with `LINHAI_ALLOW_HOSTS`.
 */
import { lookup as dnsLookup } from 'node:dns/promises';
import type { LookupAddress } from 'node:dns';
import { BlockList, isIP } from 'node:net';
import { LinhaiError } from '#model';
import { normalizeIp, refusedBy } from './ip-rules.ts';

/** Resolves a host name to its addresses (tests pass their own; the default is the OS resolver). */
export type LookupFunction = (hostname: string) => Promise<readonly LookupAddress[]>;

const systemLookup: LookupFunction = (hostname) => dnsLookup(hostname, { all: true });

/** Splits `LINHAI_ALLOW_HOSTS` ("127.0.0.1, books.lan, 10.1.0.0/16") into entries. */
export function parseAllowList(value: string | undefined): string[] {
  return (value ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
}

/** The callback shape of `net.connect`'s `lookup` option. */
type ConnectLookup = (
  hostname: string,
  options: { all?: boolean },
  callback: (err: Error | null, address: string | LookupAddress[], family?: number) => void,
) => void;

export class AddressGuard {
  private readonly names = new Set<string>();
  private readonly ranges = new BlockList();
  private readonly lookupFn: LookupFunction;
  private readonly passed = new Set<string>();

  constructor(options: { allowHosts?: readonly string[]; lookup?: LookupFunction } = {}) {
    this.lookupFn = options.lookup ?? systemLookup;
    for (const entry of options.allowHosts ?? []) this.allow(entry);
  }

  /** Allows a host name, an address or a CIDR range ("10.0.0.0/8", "fd00::/8"). */
  allow(entry: string): void {
    this.passed.clear();
    const [net, bits] = entry.split('/');
    const ip = normalizeIp(net!);
    if (ip !== undefined) {
      const type = isIP(ip) === 6 ? 'ipv6' : 'ipv4';
      if (bits === undefined) this.ranges.addAddress(ip, type);
      else this.ranges.addSubnet(ip, Number(bits), type);
    } else {
      this.names.add(entry.toLowerCase().replace(/\.$/, '')); // "books.lan." → "books.lan"
    }
  }

  private addressAllowed(ip: string): boolean {
    return this.ranges.check(ip, isIP(ip) === 6 ? 'ipv6' : 'ipv4');
  }

  /** Throws `net-refused-guard` when the address may not be reached for this host. */
  checkAddress(host: string, ip: string): void {
    if (this.names.has(host.toLowerCase()) || this.addressAllowed(ip)) return;
    const rule = refusedBy(ip);
    if (rule === undefined) return;
    throw new LinhaiError(
      'net-refused-guard',
      `refused to connect to ${host} (${ip}): ${rule} address; allow it in LINHAI_ALLOW_HOSTS if intended`,
      { details: { host, address: ip, rule } },
    );
  }

  /** Checks a URL's host before anything else happens: literal addresses are checked at once. */
  checkUrlHost(hostname: string): void {
    // The verdict for a host name never changes (the lists are fixed): remember passes.
    if (this.passed.has(hostname)) return;
    const ip = normalizeIp(hostname);
    if (ip !== undefined) this.checkAddress(hostname, ip);
    if (this.passed.size < 10_000) this.passed.add(hostname);
  }

  /** Resolves and checks every address; refuses the host if any address is refused. */
  async resolve(hostname: string): Promise<LookupAddress[]> {
    const bare = hostname.replace(/^\[|\]$/g, ''); // "[::1]" → "::1"
    const ip = normalizeIp(bare);
    if (ip !== undefined) {
      this.checkAddress(hostname, ip);
      return [{ address: ip, family: isIP(ip) }];
    }
    let addresses: readonly LookupAddress[];
    try {
      addresses = await this.lookupFn(bare);
    } catch (cause) {
      throw new LinhaiError('net-connection', `cannot resolve ${hostname}`, {
        details: { host: hostname },
        cause,
      });
    }
    if (addresses.length === 0) {
      throw new LinhaiError('net-connection', `${hostname} has no address`, {
        details: { host: hostname },
      });
    }
    for (const a of addresses) this.checkAddress(bare, a.address);
    return [...addresses];
  }

  /** A `lookup` for `net.connect`/`tls.connect`: resolve, check, then connect to that address. */
  connectLookup(): ConnectLookup {
    return (hostname, options, callback) => {
      this.resolve(hostname).then(
        (addresses) => {
          if (options.all) callback(null, addresses);
          else callback(null, addresses[0]!.address, addresses[0]!.family);
        },
        (error: Error) => callback(error, ''),
      );
    };
  }
}
