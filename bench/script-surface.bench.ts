/**
 * The share of the shared text sources (../shared/data/booksources/, bookSourceType 0) whose every
 * script call on `java.*`, `Jsoup`, the values they return and the source's bindings (`source`,
 * `book`, `chapter`, `cookie`, `cache`) is implemented, by the static scan of
 * src/sources/script-calls.ts: before (the surface as it was at 313f089, frozen below from git
 * history) and after (`callSurface()`, read off the objects themselves), in one run. The
 * browser/UI helpers that only fail as capability-missing (java.webView…) count as not implemented.
 */
import { readFileSync } from 'node:fs';
import { javaHelperCapabilities } from '#rules';
import { callSurface, importSources, scriptCalls, scriptsOfSource } from '#sources';
import { sharedJsonFiles } from '../test/support/outside-material.ts';
import type { BookSource, CallKind, ScriptCall } from '#sources';

function protoMethods(proto: object): string[] {
  return Object.getOwnPropertyNames(proto).filter(
    (name) => typeof (proto as Record<string, unknown>)[name] === 'function',
  );
}

const frozenElement = new Set(
  'size isEmpty get first last eq select selectFirst children child parent text ownText textNodes eachText html outerHtml attr absUrl hasAttr eachAttr tagName nodeName id className hasClass val data toArray body title toString'.split(
    ' ',
  ),
);
/** What scripts could call at 313f089 (supportedJavaHelpers, element-facade.ts, js-bridge.ts). */
const before: Record<CallKind, ReadonlySet<string>> = {
  java: new Set(
    'getString getStringList getElements getElement setContent put get post ajax connect getCookie log toast longToast base64Encode base64Decode base64DecodeToByteArray md5Encode md5Encode16 encodeURI timeFormat timeFormatUTC utf8ToGbk hexDecodeToByteArray hexDecodeToString hexEncodeToString strToBytes bytesToStr randomUUID androidId digestHex digestBase64Str HMacHex HMacBase64 logType t2s s2t createSymmetricCrypto aesDecodeToString aesBase64DecodeToString aesDecodeToByteArray aesBase64DecodeToByteArray aesEncodeToString aesEncodeToByteArray aesEncodeToBase64String aesDecodeArgsBase64Str aesEncodeArgsBase64Str desDecodeToString desBase64DecodeToString desEncodeToBase64String tripleDESDecodeStr tripleDESEncodeBase64Str tripleDESDecodeArgsBase64Str tripleDESEncodeArgsBase64Str'.split(
      ' ',
    ),
  ),
  Jsoup: new Set(['parse', 'parseBodyFragment']),
  Document: frozenElement,
  Element: frozenElement,
  Elements: frozenElement,
  // Lists were plain JS arrays.
  List: new Set(protoMethods(Array.prototype)),
  String: new Set([
    ...protoMethods(String.prototype),
    ...['equals', 'equalsIgnoreCase', 'isEmpty', 'contains', 'matches', 'getBytes'],
  ]),
  Response: new Set(['body', 'code', 'statusCode', 'url', 'header', 'headers', 'toString']),
  BookSource: new Set(
    'getKey getTag getVariable setVariable put get getLoginInfo getLoginInfoMap putLoginHeader getLoginHeader getLoginHeaderMap'.split(
      ' ',
    ),
  ),
  Cookie: new Set(['getCookie', 'getKey', 'setCookie', 'replaceCookie', 'removeCookie']),
  Cache: new Set(['put', 'get', 'delete']),
  // book and chapter were plain objects: no methods.
  Book: new Set(),
  BookChapter: new Set(),
};

const capabilityHelpers = new Set(Object.keys(javaHelperCapabilities));

function callsOf(source: BookSource): ScriptCall[] {
  return scriptsOfSource(source).flatMap(({ script }) => scriptCalls(script));
}

export function run(): Promise<void> {
  const sources = sharedJsonFiles('booksources')
    .flatMap((f) => importSources(readFileSync(f, 'utf8')).sources)
    .filter((s) => (typeof s.bookSourceType === 'number' ? s.bookSourceType : 0) === 0);
  const after = callSurface();
  const covered = (surface: Record<CallKind, ReadonlySet<string>>, source: BookSource) =>
    callsOf(source).every(
      (c) =>
        surface[c.kind].has(c.method) && !(c.kind === 'java' && capabilityHelpers.has(c.method)),
    );
  const withCalls = sources.filter((s) => callsOf(s).length > 0);
  const pct = (n: number, total: number) => `${((100 * n) / total).toFixed(1)}%`;
  const line = (label: string, surface: Record<CallKind, ReadonlySet<string>>) => {
    const all = sources.filter((s) => covered(surface, s)).length;
    const scripted = withCalls.filter((s) => covered(surface, s)).length;
    console.log(
      `${label.padEnd(8)} every script call implemented: ${all} of ${sources.length} text sources = ${pct(all, sources.length)}; ` +
        `of the ${withCalls.length} whose scripts call such methods: ${scripted} = ${pct(scripted, withCalls.length)}`,
    );
  };
  line('before', before);
  line('after', after);
  // The java.* helpers Legado's own help documents (../shared/data/legado/jsHelp.md).
  const help = readFileSync(new URL('../../shared/data/legado/jsHelp.md', import.meta.url), 'utf8');
  const documented = [
    ...new Set([...help.matchAll(/\bjava\.([A-Za-z]\w*)\s*\(/g)].map((m) => m[1]!)),
  ];
  const has = (surface: Record<CallKind, ReadonlySet<string>>, name: string) =>
    surface.java.has(name) && !capabilityHelpers.has(name);
  console.log(
    `Legado jsHelp.md documents ${documented.length} java.* helpers: ${documented.filter((n) => has(before, n)).length} implemented before, ` +
      `${documented.filter((n) => has(after, n)).length} after; not implemented: ${documented.filter((n) => !has(after, n)).join(', ')}`,
  );
  return Promise.resolve();
}
