import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { AddressGuard, parseAllowList } from './guard.ts';
import { embeddedIpv4, parseLegacyIpv4, refusedBy } from './ip-rules.ts';

const refusedHosts: [string, string][] = [
  ['http://127.0.0.1/', 'loopback'],
  ['http://[::1]/', 'loopback'],
  ['http://[::ffff:127.0.0.1]/', 'ipv4-mapped loopback'],
  ['http://[::ffff:10.1.2.3]/', 'ipv4-mapped private'],
  ['http://[64:ff9b::a9fe:a9fe]/', 'ipv4-mapped link-local'],
  ['http://0.0.0.0/', 'unspecified'],
  ['http://[::]/', 'unspecified'],
  ['http://10.20.30.40/', 'private'],
  ['http://172.16.5.4/', 'private'],
  ['http://172.31.255.255/', 'private'],
  ['http://192.168.1.1/', 'private'],
  ['http://[fd12::1]/', 'private'],
  ['http://169.254.169.254/latest/meta-data/', 'link-local'],
  ['http://[fe80::1]/', 'link-local'],
  ['http://100.64.0.1/', 'cgnat'],
  ['http://224.0.0.1/', 'multicast'],
  ['http://2130706433/', 'loopback'], // decimal 127.0.0.1
  ['http://0177.0.0.1/', 'loopback'], // octal
  ['http://0x7f.1/', 'loopback'], // hex, short form
  ['http://017700000001/', 'loopback'], // octal, one part
  ['http://3232235777/', 'private'], // decimal 192.168.1.1
];

describe('address rules', () => {
  for (const [url, rule] of refusedHosts) {
    test(`refuses ${url} (${rule})`, () => {
      const guard = new AddressGuard();
      const host = new URL(url).hostname;
      assert.throws(
        () => guard.checkUrlHost(host),
        (e: { code: string; details: { rule: string; host: string }; message: string }) =>
          e.code === 'net-refused-guard' && e.details.rule === rule && e.message.includes(host),
      );
    });
  }

  test('public addresses pass', () => {
    for (const ip of [
      '8.8.8.8',
      '1.1.1.1',
      '172.32.0.1',
      '2606:4700::1111',
      '::ffff:8.8.8.8',
      '100.128.0.1',
    ]) {
      assert.equal(refusedBy(ip), undefined, ip);
    }
  });

  test('legacy IPv4 forms and embedded IPv4 parse like inet_aton', () => {
    assert.equal(parseLegacyIpv4('2130706433'), '127.0.0.1');
    assert.equal(parseLegacyIpv4('0177.0.0.1'), '127.0.0.1');
    assert.equal(parseLegacyIpv4('0x7f.0.0.1'), '127.0.0.1');
    assert.equal(parseLegacyIpv4('127.1'), '127.0.0.1');
    assert.equal(parseLegacyIpv4('books.example'), undefined);
    assert.equal(parseLegacyIpv4('256.1.1.1'), undefined);
    assert.equal(embeddedIpv4('::ffff:7f00:1'), '127.0.0.1');
    assert.equal(embeddedIpv4('2001:db8::1'), undefined);
  });

  test('property: the WHATWG URL parser and our parser agree on every 32-bit number', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 2 ** 32 - 1 }), (n) => {
        assert.equal(parseLegacyIpv4(String(n)), new URL(`http://${n}/`).hostname);
        assert.equal(
          parseLegacyIpv4('0x' + n.toString(16)),
          new URL(`http://0x${n.toString(16)}/`).hostname,
        );
      }),
    );
  });
});

describe('allow list and resolution', () => {
  const lookup = async (host: string) => {
    const table: Record<string, string> = {
      'public.example': '93.184.216.34',
      'evil.example': '10.0.0.5',
      'sneaky.example': '::ffff:127.0.0.1',
      localhost: '127.0.0.1',
    };
    const address = table[host];
    if (!address) throw new Error(`ENOTFOUND ${host}`);
    return [{ address, family: address.includes(':') ? 6 : 4 }];
  };

  test('names resolving to guarded addresses are refused, naming host and rule', async () => {
    const guard = new AddressGuard({ lookup });
    await assert.rejects(guard.resolve('evil.example'), {
      code: 'net-refused-guard',
      details: { host: 'evil.example', address: '10.0.0.5', rule: 'private' },
    });
    await assert.rejects(guard.resolve('sneaky.example'), { code: 'net-refused-guard' });
    await assert.rejects(guard.resolve('localhost'), { code: 'net-refused-guard' });
    assert.deepEqual(await guard.resolve('public.example'), [
      { address: '93.184.216.34', family: 4 },
    ]);
    await assert.rejects(guard.resolve('nowhere.example'), { code: 'net-connection' });
  });

  test('the administrator allows hosts, addresses and ranges', async () => {
    const guard = new AddressGuard({
      lookup,
      allowHosts: parseAllowList(' 127.0.0.1 , evil.example,192.168.0.0/16,fd00::/8'),
    });
    guard.checkUrlHost('127.0.0.1');
    guard.checkUrlHost('192.168.44.2');
    guard.checkUrlHost('[fd00::5]');
    assert.throws(() => guard.checkUrlHost('127.0.0.2'), { code: 'net-refused-guard' });
    assert.equal((await guard.resolve('evil.example'))[0]!.address, '10.0.0.5');
    assert.equal((await guard.resolve('localhost'))[0]!.address, '127.0.0.1');
  });
});
