import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createPureJavaHelpers, createSandbox, HostObject } from './index.ts';
import type { HostFunction, HostValue, Sandbox } from './index.ts';

const lines: string[] = [];
const helpers = createPureJavaHelpers({ log: (line) => lines.push(line) });
const call = (name: string, ...args: HostValue[]): HostValue => {
  const helper = helpers[name] as HostFunction;
  const value = helper(...args);
  assert.ok(!(value instanceof Promise), `${name} must be synchronous`);
  return value;
};

describe('pure java.* helpers, against known vectors', () => {
  test('md5Encode / md5Encode16 (hex; the 16-char form is the middle of the 32)', () => {
    assert.equal(call('md5Encode', 'hello'), '5d41402abc4b2a76b9719d911017c592');
    assert.equal(call('md5Encode16', 'hello'), 'bc4b2a76b9719d91');
    assert.equal(call('md5Encode', '临海'), 'ea9172d29d56f225ecef61a3d9f40e5f'); // md5sum of the UTF-8 bytes
  });

  test('base64Encode follows android.util.Base64 flags (default NO_WRAP)', () => {
    assert.equal(call('base64Encode', 'hello'), 'aGVsbG8=');
    assert.equal(call('base64Encode', '临海'), '5Li05rW3');
    assert.equal(call('base64Encode', 'hello', 0), 'aGVsbG8=\n'); // DEFAULT ends with a newline
    assert.equal(call('base64Encode', 'hello', 1 | 2), 'aGVsbG8'); // NO_PADDING | NO_WRAP
    assert.equal(call('base64Encode', '\u00fb\u00ff', 2 | 8), 'w7vDvw=='); // URL_SAFE has no + or / here
    assert.equal(call('base64Encode', '>>>???', 2 | 8), 'Pj4-Pz8_');
    const long = call('base64Encode', 'x'.repeat(100), 0) as string;
    assert.deepEqual(
      long.split('\n').map((line) => line.length),
      [76, 60, 0],
    );
  });

  test('base64Decode with charset, and to bytes', () => {
    assert.equal(call('base64Decode', 'aGVsbG8='), 'hello');
    assert.equal(call('base64Decode', '5Li05rW3'), '临海');
    assert.equal(call('base64Decode', '1tDOxA==', 'GBK'), '中文');
    assert.equal(call('base64Decode', 'Pj4-Pz8_', 8), '>>>???');
    assert.deepEqual(call('base64DecodeToByteArray', '//8='), [-1, -1]);
  });

  test('encodeURI is java.net.URLEncoder (space → +, / and : encoded, charset option)', () => {
    assert.equal(call('encodeURI', 'a b/c:d?e=f&g'), 'a+b%2Fc%3Ad%3Fe%3Df%26g');
    assert.equal(call('encodeURI', '中文 *-._~'), '%E4%B8%AD%E6%96%87+*-._%7E');
    assert.equal(call('encodeURI', '中文', 'gbk'), '%D6%D0%CE%C4');
  });

  test('timeFormat is yyyy/MM/dd HH:mm local time; timeFormatUTC takes the offset in milliseconds', () => {
    const time = Date.UTC(2023, 10, 14, 22, 13, 20, 5);
    const local = new Date(time);
    const pad = (n: number) => String(n).padStart(2, '0');
    const expected = `${local.getFullYear()}/${pad(local.getMonth() + 1)}/${pad(local.getDate())} ${pad(local.getHours())}:${pad(local.getMinutes())}`;
    assert.equal(call('timeFormat', time), expected);
    assert.equal(call('timeFormat', String(time)), expected);
    assert.equal(
      call('timeFormatUTC', time, 'yyyy-MM-dd HH:mm:ss.SSS', 0),
      '2023-11-14 22:13:20.005',
    );
    assert.equal(call('timeFormatUTC', time, 'yyyy-MM-dd HH:mm', 8 * 3600_000), '2023-11-15 06:13');
    assert.equal(call('timeFormatUTC', time, 'yyyy-MM-dd HH:mm', 8), '2023-11-14 22:13'); // 8 ms, as in Legado
    assert.equal(
      call('timeFormatUTC', time, "yy年M月d日 h:mm a EEE 'at' Z", 0),
      '23年11月14日 10:13 PM Tue at +0000',
    );
  });

  test('hex and byte conversions (Java bytes are signed)', () => {
    assert.equal(call('hexEncodeToString', '临海'), 'e4b8b4e6b5b7');
    assert.equal(call('hexDecodeToString', 'e4b8b4e6b5b7'), '临海');
    assert.deepEqual(call('hexDecodeToByteArray', '00ff7f80'), [0, -1, 127, -128]);
    assert.deepEqual(call('strToBytes', '中'), [-28, -72, -83]);
    assert.deepEqual(call('strToBytes', '中', 'GBK'), [-42, -48]);
    assert.equal(call('bytesToStr', [-28, -72, -83]), '中');
    assert.equal(call('bytesToStr', [-42, -48], 'gbk'), '中');
    assert.equal(call('utf8ToGbk', 'abc'), 'abc');
  });

  test('digests and HMAC (RFC / well-known vectors)', () => {
    assert.equal(
      call('digestHex', 'abc', 'SHA-256'),
      'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad',
    );
    assert.equal(call('digestHex', 'abc', 'SHA1'), 'a9993e364706816aba3e25717850c26c9cd0d89d');
    assert.equal(call('digestBase64Str', 'abc', 'MD5'), 'kAFQmDzST7DWlj99KOF/cg==');
    const fox = 'The quick brown fox jumps over the lazy dog';
    assert.equal(
      call('HMacHex', fox, 'HmacSHA256', 'key'),
      'f7bc83f430538424b13298e6aa6fb143ef4d59a14946175997479dbc2d1a3cd8',
    );
    assert.equal(call('HMacHex', fox, 'HmacMD5', 'key'), '80070713463e7749b90c2dc24911e275');
    assert.equal(
      call('HMacBase64', fox, 'HmacSHA256', 'key'),
      '97yD9DBThCSxMpjmqm+xQ+9NWaFJRhdZl0edvC0aPNg=',
    );
  });

  test('symmetric crypto: FIPS-197 and classic DES vectors, and openssl-made vectors', () => {
    const aes = call(
      'createSymmetricCrypto',
      'AES/ECB/NoPadding',
      call('hexDecodeToByteArray', '000102030405060708090a0b0c0d0e0f'),
    ) as HostObject;
    const encryptHex = aes.members['encryptHex'] as HostFunction;
    assert.equal(
      encryptHex(call('hexDecodeToByteArray', '00112233445566778899aabbccddeeff')),
      '69c4e0d86a7b0430d8cdb78070b4c55a',
    );
    const des = call(
      'createSymmetricCrypto',
      'DES/ECB/NoPadding',
      call('hexDecodeToByteArray', '133457799bbcdff1'),
    ) as HostObject;
    assert.equal(
      (des.members['encryptHex'] as HostFunction)(call('hexDecodeToByteArray', '0123456789abcdef')),
      '85e813540f0ab405',
    );
    // openssl enc -aes-128-cbc -K <"1234567890123456"> -iv <"6543210987654321">
    const cbc = call(
      'createSymmetricCrypto',
      'AES/CBC/PKCS5Padding',
      '1234567890123456',
      '6543210987654321',
    ) as HostObject;
    assert.equal(
      (cbc.members['encryptBase64'] as HostFunction)('hello linhai'),
      'mlVOVxR9k6dKLp0zCrjkdw==',
    );
    assert.equal(
      (cbc.members['decryptStr'] as HostFunction)('mlVOVxR9k6dKLp0zCrjkdw=='),
      'hello linhai',
    );
    assert.equal(
      (cbc.members['decryptStr'] as HostFunction)('9a554e57147d93a74a2e9d330ab8e477'),
      'hello linhai',
    ); // hex input
    assert.equal(
      call(
        'aesBase64DecodeToString',
        'ei7xoJvHx3VRppC/Aq2jmQ==',
        '1234567890123456',
        'AES/ECB/PKCS5Padding',
        '',
      ),
      'hello linhai',
    );
    assert.equal(
      call('aesEncodeToBase64String', 'hello linhai', '1234567890123456', 'AES', ''),
      'ei7xoJvHx3VRppC/Aq2jmQ==',
    );
    assert.equal(
      call(
        'tripleDESEncodeBase64Str',
        'hello linhai',
        '123456789012345678901234',
        'CBC',
        'PKCS5Padding',
        '12345678',
      ),
      'hLxzCpbL7D8MbaaYgzg7FQ==',
    );
    assert.equal(
      call(
        'tripleDESDecodeStr',
        'hLxzCpbL7D8MbaaYgzg7FQ==',
        '123456789012345678901234',
        'CBC',
        'PKCS5Padding',
        '12345678',
      ),
      'hello linhai',
    );
    assert.equal(
      call('desEncodeToBase64String', 'hello', '12345678', 'DES/ECB/PKCS5Padding', ''),
      'uhbGoCVxJa8=',
    );
    assert.equal(
      call('desDecodeToString', 'uhbGoCVxJa8=', '12345678', 'DES/ECB/PKCS5Padding', ''),
      'hello',
    );
    // Legado's aesEncodeToString decrypts (JsEncodeUtils.kt), so it is kept that way.
    assert.equal(
      call(
        'aesEncodeToString',
        'ei7xoJvHx3VRppC/Aq2jmQ==',
        '1234567890123456',
        'AES/ECB/PKCS5Padding',
        '',
      ),
      'hello linhai',
    );
    const zero = call(
      'createSymmetricCrypto',
      'AES/CBC/ZeroPadding',
      '1234567890123456',
      '6543210987654321',
    ) as HostObject;
    const sealed = (zero.members['encryptBase64'] as HostFunction)('zero padded') as string;
    assert.equal((zero.members['decryptStr'] as HostFunction)(sealed), 'zero padded');
  });

  test('t2s / s2t, ids, log', () => {
    assert.equal(call('t2s', '漢字與臺灣'), '汉字与台湾');
    assert.equal(call('s2t', '汉字'), '漢字');
    assert.match(
      call('randomUUID') as string,
      /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/,
    ); // e.g. 1b9d6bcd-bbfd-4b2d-9b5d-ab8dfbbd4bed
    assert.match(call('androidId') as string, /^[0-9a-f]{16}$/); // e.g. 9774d56d682e549c
    assert.equal(call('androidId'), call('androidId'));
    assert.equal(call('log', 'line one'), 'line one');
    assert.ok(lines.includes('line one'));
  });
});

describe('pure java.* helpers inside the sandbox', () => {
  let sandbox: Sandbox;
  before(async () => {
    sandbox = await createSandbox();
  });
  after(() => sandbox.dispose());

  test('scripts call them as java.* with Legado argument order', async () => {
    const java = new HostObject(createPureJavaHelpers());
    const code = `[
      java.md5Encode("hello"), java.base64Decode(java.base64Encode("临海")), java.encodeURI("a b"),
      java.createSymmetricCrypto("AES/CBC/PKCS5Padding", "1234567890123456", "6543210987654321").encryptBase64("hello linhai"),
      java.bytesToStr(java.strToBytes("中文", "GBK"), "GBK"), java.timeFormatUTC(0, "yyyy-MM-dd", 0),
    ]`;
    assert.deepEqual(await sandbox.run({ code, bindings: { java } }), [
      '5d41402abc4b2a76b9719d911017c592',
      '临海',
      'a+b',
      'mlVOVxR9k6dKLp0zCrjkdw==',
      '中文',
      '1970-01-01',
    ]);
  });
});
