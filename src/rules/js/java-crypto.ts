/**
 * Legado's symmetric crypto (hutool SymmetricCrypto behind `java.createSymmetricCrypto` and the
 * deprecated aesXxx, desXxx and tripleDESXxx helpers) on node:crypto. Transformations are Java names such as
 * "AES/CBC/PKCS5Padding", "DESede/ECB/PKCS5Padding" or plain "AES" (= AES/ECB/PKCS5Padding).
 * Single DES is missing from OpenSSL 3's default provider; it is 3DES with the key repeated.
 */
import { createCipheriv, createDecipheriv } from 'node:crypto';
import { LinhaiError } from '#model';
import { bytesOf, textOf, toJavaBytes } from './bytes.ts';
import { HostObject } from './types.ts';
import type { HostFunction, HostValue } from './types.ts';

interface Cipher {
  encrypt(data: Buffer): Buffer;
  decrypt(data: Buffer): Buffer;
}

function cipherFor(transformation: string, key: Buffer, iv: Buffer | undefined): Cipher {
  const [algorithmPart = '', modePart = 'ECB', paddingPart = 'PKCS5Padding'] =
    transformation.split('/');
  const algorithm = algorithmPart.toUpperCase();
  const mode = modePart.toUpperCase();
  const padding = paddingPart.toUpperCase();
  let name: string;
  let cipherKey = key;
  let blockSize: number;
  if (algorithm === 'AES') {
    name = `aes-${key.length * 8}-${mode.toLowerCase()}`;
    blockSize = 16;
  } else if (algorithm === 'DESEDE' || algorithm === 'TRIPLEDES' || algorithm === 'DES') {
    // DESede takes the first 24 key bytes, DES the first 8 (as Java's key specs do).
    cipherKey =
      algorithm === 'DES' ? Buffer.concat(Array(3).fill(key.subarray(0, 8))) : key.subarray(0, 24);
    name = mode === 'ECB' ? 'des-ede3' : `des-ede3-${mode.toLowerCase()}`;
    blockSize = 8;
  } else {
    throw new LinhaiError('capability-missing', `unsupported cipher: ${transformation}`);
  }
  const cipherIv = mode === 'ECB' ? null : (iv ?? Buffer.alloc(blockSize));
  const zeroPadding = padding === 'ZEROPADDING';
  const autoPadding = padding === 'PKCS5PADDING' || padding === 'PKCS7PADDING';
  const run = (make: typeof createCipheriv | typeof createDecipheriv, data: Buffer): Buffer => {
    const cipher = make(name, cipherKey, cipherIv);
    cipher.setAutoPadding(autoPadding);
    return Buffer.concat([cipher.update(data), cipher.final()]);
  };
  return {
    encrypt(data) {
      const remainder = data.length % blockSize;
      const padded =
        zeroPadding && remainder > 0
          ? Buffer.concat([data, Buffer.alloc(blockSize - remainder)])
          : data;
      return run(createCipheriv, padded);
    },
    decrypt(data) {
      const plain = run(createDecipheriv, data);
      if (!zeroPadding) return plain;
      let end = plain.length;
      while (end > 0 && plain[end - 1] === 0) end--;
      return plain.subarray(0, end);
    },
  };
}

/** hutool SecureUtil.decode: a string of hex digits is hex, anything else Base64. */
function cipherInput(data: HostValue): Buffer {
  if (Array.isArray(data)) return bytesOf(data);
  const text = textOf(data);
  // All hex digits, e.g. "a1B2"; hutool's PatternPool.HEX.
  return /^[a-fA-F0-9]+$/.test(text) ? Buffer.from(text, 'hex') : Buffer.from(text, 'base64');
}

/** The `SymmetricCrypto` object scripts get from `java.createSymmetricCrypto(transformation, key, iv)`. */
function symmetricCrypto(transformation: HostValue, key: HostValue, iv?: HostValue): HostObject {
  const ivBytes = iv === undefined || iv === null ? undefined : bytesOf(iv);
  const cipher = cipherFor(
    textOf(transformation),
    bytesOf(key),
    ivBytes?.length ? ivBytes : undefined,
  );
  const crypto: HostObject = new HostObject(
    {
      decrypt: (data) => toJavaBytes(cipher.decrypt(cipherInput(data))),
      decryptStr: (data) => cipher.decrypt(cipherInput(data)).toString('utf8'),
      encrypt: (data) => toJavaBytes(cipher.encrypt(bytesOf(data))),
      encryptBase64: (data) => cipher.encrypt(bytesOf(data)).toString('base64'),
      encryptHex: (data) => cipher.encrypt(bytesOf(data)).toString('hex'),
      setIv: (newIv) => symmetricCrypto(transformation, key, newIv),
    },
    'SymmetricCrypto',
  );
  return crypto;
}

const decryptStr = (
  data: HostValue,
  key: HostValue,
  transformation: HostValue,
  iv: HostValue,
): string =>
  cipherFor(textOf(transformation), bytesOf(key), ivOf(iv))
    .decrypt(cipherInput(data))
    .toString('utf8');
const encryptBase64 = (
  data: HostValue,
  key: HostValue,
  transformation: HostValue,
  iv: HostValue,
): string =>
  cipherFor(textOf(transformation), bytesOf(key), ivOf(iv))
    .encrypt(bytesOf(data))
    .toString('base64');

function ivOf(iv: HostValue): Buffer | undefined {
  const bytes = iv === undefined || iv === null ? undefined : bytesOf(iv);
  return bytes?.length ? bytes : undefined;
}

const base64Key = (key: HostValue): Buffer => Buffer.from(textOf(key), 'base64');

export function createCryptoHelpers(): Record<string, HostFunction> {
  return {
    createSymmetricCrypto: (transformation, key, iv) => symmetricCrypto(transformation, key, iv),
    aesDecodeToString: decryptStr,
    aesBase64DecodeToString: decryptStr,
    aesDecodeToByteArray: (data, key, transformation, iv) =>
      toJavaBytes(
        cipherFor(textOf(transformation), bytesOf(key), ivOf(iv)).decrypt(cipherInput(data)),
      ),
    aesBase64DecodeToByteArray: (data, key, transformation, iv) =>
      toJavaBytes(
        cipherFor(textOf(transformation), bytesOf(key), ivOf(iv)).decrypt(cipherInput(data)),
      ),
    // Legado's aesEncodeToString really calls decryptStr (JsEncodeUtils.kt); kept for compatibility.
    aesEncodeToString: decryptStr,
    aesEncodeToByteArray: (data, key, transformation, iv) =>
      toJavaBytes(cipherFor(textOf(transformation), bytesOf(key), ivOf(iv)).encrypt(bytesOf(data))),
    aesEncodeToBase64String: encryptBase64,
    aesDecodeArgsBase64Str: (data, key, mode, padding, iv) =>
      cipherFor(
        `AES/${textOf(mode)}/${textOf(padding)}`,
        base64Key(key),
        ivOf(toJavaBytes(base64Key(iv))),
      )
        .decrypt(cipherInput(data))
        .toString('utf8'),
    aesEncodeArgsBase64Str: (data, key, mode, padding, iv) =>
      encryptBase64(data, key, `AES/${textOf(mode)}/${textOf(padding)}`, iv),
    desDecodeToString: decryptStr,
    desBase64DecodeToString: decryptStr,
    desEncodeToBase64String: encryptBase64,
    tripleDESDecodeStr: (data, key, mode, padding, iv) =>
      decryptStr(data, key, `DESede/${textOf(mode)}/${textOf(padding)}`, iv),
    tripleDESEncodeBase64Str: (data, key, mode, padding, iv) =>
      encryptBase64(data, key, `DESede/${textOf(mode)}/${textOf(padding)}`, iv),
    tripleDESDecodeArgsBase64Str: (data, key, mode, padding, iv) =>
      cipherFor(`DESede/${textOf(mode)}/${textOf(padding)}`, base64Key(key), ivOf(iv))
        .decrypt(cipherInput(data))
        .toString('utf8'),
    tripleDESEncodeArgsBase64Str: (data, key, mode, padding, iv) =>
      cipherFor(`DESede/${textOf(mode)}/${textOf(padding)}`, base64Key(key), ivOf(iv))
        .encrypt(bytesOf(data))
        .toString('base64'),
  };
}
