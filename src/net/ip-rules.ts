/**
 * Which IP addresses the SSRF guard refuses, by named rule. IPv4-mapped (::ffff:a.b.c.d), NAT64
 * (64:ff9b::a.b.c.d) and IPv4-compatible (::a.b.c.d) IPv6 forms are checked as the IPv4 address
 * they carry. Decimal, octal and hex IPv4 forms ("2130706433", "0177.0.0.1") are normalised by
 * the WHATWG URL parser before they get here; `normalizeIp` handles them too for direct callers.
 */
import { BlockList, isIP } from 'node:net';

interface Rule {
  readonly name: string;
  readonly list: BlockList;
}

function rule(name: string, cidrs: string[]): Rule {
  const list = new BlockList();
  for (const cidr of cidrs) {
    const [net, bits] = cidr.split('/');
    const type = isIP(net!) === 6 ? 'ipv6' : 'ipv4';
    list.addSubnet(net!, Number(bits), type);
  }
  return { name, list };
}

/** The refused ranges, each with the name a refusal reports. */
const rules: Rule[] = [
  rule('unspecified', ['0.0.0.0/8', '::/128']),
  rule('loopback', ['127.0.0.0/8', '::1/128']),
  rule('private', ['10.0.0.0/8', '172.16.0.0/12', '192.168.0.0/16', 'fc00::/7']),
  rule('cgnat', ['100.64.0.0/10']),
  rule('link-local', ['169.254.0.0/16', 'fe80::/10']),
  rule('multicast', ['224.0.0.0/4', 'ff00::/8']),
  rule('reserved', [
    '192.0.0.0/24',
    '192.0.2.0/24',
    '198.18.0.0/15',
    '198.51.100.0/24',
    '203.0.113.0/24',
    '240.0.0.0/4',
    '2001:db8::/32',
    '100::/64',
  ]),
];

/** Parses one IPv4 part in C `inet_aton` style: "0x7f" hex, "0177" octal, else decimal. */
function parsePart(part: string): number | undefined {
  // Samples: "0x7f", "0177", "127"
  if (/^0x[0-9a-f]*$/i.test(part)) return part.length === 2 ? 0 : parseInt(part.slice(2), 16);
  if (/^0[0-7]+$/.test(part)) return parseInt(part, 8);
  if (/^(0|[1-9][0-9]*)$/.test(part)) return Number(part);
  return undefined;
}

/** "2130706433", "0177.0.0.1", "0x7f.1" → "127.0.0.1"; undefined when not an IPv4 form. */
export function parseLegacyIpv4(host: string): string | undefined {
  const parts = host.split('.');
  if (parts.length > 4 || parts.some((p) => p === '')) return undefined;
  const nums = parts.map(parsePart);
  if (nums.some((n) => n === undefined)) return undefined;
  const values = nums as number[];
  const last = values.pop()!;
  if (values.some((n) => n > 255) || last >= 256 ** (4 - values.length)) return undefined;
  let value = last;
  values.forEach((n, i) => (value += n * 256 ** (3 - i)));
  return [24, 16, 8, 0].map((s) => (value / 2 ** s) & 255).join('.');
}

/** The 8 hextets of an IPv6 address (with an embedded dotted IPv4 tail allowed). */
function hextets(ip: string): number[] {
  let text = ip;
  const dotted = /(\d+\.\d+\.\d+\.\d+)$/.exec(text); // "::ffff:127.0.0.1" → "127.0.0.1"
  if (dotted) {
    const [a, b, c, d] = dotted[1]!.split('.').map(Number) as [number, number, number, number];
    text =
      text.slice(0, dotted.index) + `${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
  }
  const [head, tail] = text.includes('::') ? text.split('::') : [text, undefined];
  const h = head ? head.split(':') : [];
  const t = tail ? tail.split(':') : [];
  const fill = tail === undefined ? [] : new Array<string>(8 - h.length - t.length).fill('0');
  return [...h, ...fill, ...t].map((x) => parseInt(x, 16));
}

/** The IPv4 address carried by a mapped, NAT64 or compatible IPv6 address, if any. */
export function embeddedIpv4(ipv6: string): string | undefined {
  const x = hextets(ipv6);
  const v4 = () => [x[6]! >> 8, x[6]! & 255, x[7]! >> 8, x[7]! & 255].join('.');
  const zeros = (from: number, to: number) => x.slice(from, to).every((n) => n === 0);
  if (zeros(0, 5) && x[5] === 0xffff) return v4(); // ::ffff:a.b.c.d
  if (x[0] === 0x64 && x[1] === 0xff9b && zeros(2, 6)) return v4(); // 64:ff9b::a.b.c.d
  if (zeros(0, 6) && (x[6] !== 0 || x[7]! > 1)) return v4(); // ::a.b.c.d (deprecated form)
  return undefined;
}

/** "[::1]" → "::1"; legacy IPv4 forms → dotted; undefined when not an IP address. */
export function normalizeIp(host: string): string | undefined {
  const bare = host.startsWith('[') && host.endsWith(']') ? host.slice(1, -1) : host;
  if (isIP(bare) === 4) return bare;
  if (isIP(bare) === 6) return bare.toLowerCase();
  return parseLegacyIpv4(bare);
}

/** The name of the rule refusing this address, or undefined when it is public. */
export function refusedBy(ip: string): string | undefined {
  const family = isIP(ip);
  if (family === 0) return 'not-an-address';
  if (family === 6) {
    const v4 = embeddedIpv4(ip);
    if (v4 !== undefined) {
      const inner = refusedBy(v4);
      return inner === undefined ? undefined : `ipv4-mapped ${inner}`;
    }
  }
  const type = family === 6 ? 'ipv6' : 'ipv4';
  return rules.find((r) => r.list.check(ip, type))?.name;
}
