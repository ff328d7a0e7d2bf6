/** Small helpers shared by the site templates: escaping, charsets, standard pages. */
import iconv from 'iconv-lite';

export function escapeHtml(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;');
}

export type SiteCharset = 'gbk' | 'utf-8';

const gbkSafe = new Map<string, boolean>();

function encodableInGbk(ch: string): boolean {
  let ok = gbkSafe.get(ch);
  if (ok === undefined) {
    const bytes = iconv.encode(ch, 'gbk');
    ok = iconv.decode(bytes, 'gbk') === ch;
    gbkSafe.set(ch, ok);
  }
  return ok;
}

/**
 * Encodes a page in its site's charset. For GBK, characters GBK cannot hold (zero-width spaces,
 * emoji) become numeric character references, as real GBK sites emit them.
 */
export function encodePage(text: string, charset: SiteCharset): Buffer {
  if (charset === 'utf-8') return Buffer.from(text, 'utf8');
  // ASCII and the CJK Unified Ideographs block are all in GBK; check the rest one by one.
  // eslint-disable-next-line no-control-regex -- the ASCII range is meant
  const safe = text.replace(/[^\x00-\x7f\u4e00-\u9fa5]/gu, (ch) =>
    encodableInGbk(ch) ? ch : `&#${ch.codePointAt(0) as number};`,
  );
  return iconv.encode(safe, 'gbk');
}

/** Decodes bytes sent to a site in `charset` (GBK through the WHATWG gb18030 decoder). */
export function decodeBytes(bytes: Uint8Array, charset: SiteCharset): string {
  return new TextDecoder(charset === 'gbk' ? 'gb18030' : 'utf-8').decode(bytes);
}

/** Percent-decodes one form or query component into raw bytes (`+` is a space). */
function percentDecodeBytes(component: string): Buffer {
  const bytes: number[] = [];
  for (let i = 0; i < component.length; i++) {
    const c = component[i] as string;
    if (c === '+') bytes.push(0x20);
    else if (c === '%' && /^[0-9a-fA-F]{2}$/.test(component.slice(i + 1, i + 3))) {
      bytes.push(parseInt(component.slice(i + 1, i + 3), 16));
      i += 2;
    } else {
      for (const b of Buffer.from(c, 'utf8')) bytes.push(b);
    }
  }
  return Buffer.from(bytes);
}

/**
 * Parses `a=1&b=2` (a form body or a raw query string) with values decoded in `charset`,
 * the way a GBK site's PHP reads a form.
 */
export function parseForm(raw: string, charset: SiteCharset): Map<string, string> {
  const out = new Map<string, string>();
  for (const part of raw.split('&')) {
    if (!part) continue;
    const eq = part.indexOf('=');
    const key = eq < 0 ? part : part.slice(0, eq);
    const value = eq < 0 ? '' : part.slice(eq + 1);
    const name = decodeBytes(percentDecodeBytes(key), charset);
    if (!out.has(name)) out.set(name, decodeBytes(percentDecodeBytes(value), charset));
  }
  return out;
}

/** A ban notice, as sites show it when they block an address. */
export function banPage(language: 'zh' | 'en', meta: string): string {
  return language === 'zh'
    ? `<!DOCTYPE html><html><head>${meta}<title>访问受限</title></head><body><div class="ban"><h1>访问过于频繁</h1><p>您的IP访问过于频繁，已被系统暂时封禁，请稍后再试。</p><p>如有疑问请联系网站管理员。</p></div></body></html>`
    : `<!DOCTYPE html><html><head>${meta}<title>Access denied</title></head><body><div class="ban"><h1>Access denied</h1><p>Your IP address has been temporarily blocked because of unusual traffic.</p><p>Error 1020.</p></div></body></html>`;
}

/** A captcha interstitial. */
export function captchaPage(language: 'zh' | 'en', meta: string): string {
  return language === 'zh'
    ? `<!DOCTYPE html><html><head>${meta}<title>安全验证</title></head><body><div class="verify"><h1>请输入验证码</h1><p>为了保证正常访问，请完成下面的安全验证。</p><form action="/verify.php" method="post"><img src="/captcha.php" alt="验证码"><input type="text" name="code"><button type="submit">提交</button></form></div></body></html>`
    : `<!DOCTYPE html><html><head>${meta}<title>Just a moment...</title></head><body><div class="verify"><h1>Please verify you are a human</h1><p>Complete the check below to continue.</p><form action="/verify" method="post"><img src="/captcha.png" alt="captcha"><input type="text" name="answer"><button type="submit">Continue</button></form></div></body></html>`;
}

/**
 * An anti-bot interstitial that only a browser gets past: the Chinese sites' script sets a cookie
 * and reloads (the 加速乐-style guard); the English one is a Cloudflare-style wait page.
 */
export function challengePage(language: 'zh' | 'en', meta: string): string {
  return language === 'zh'
    ? `<html><head>${meta}</head><body><script>document.cookie="__jsl_clearance=1733450000.1|0|demo;max-age=3600;path=/";location.href=location.pathname+location.search</script></body></html>`
    : `<!DOCTYPE html><html><head>${meta}<title>Just a moment...</title></head><body><h2>Checking if the site connection is secure</h2><noscript>Enable JavaScript and cookies to continue</noscript><script>window._cf_chl_opt={cType:"managed"}</script></body></html>`;
}

/** An nginx-style error page. */
export function statusPage(status: number, meta: string): string {
  const reason: Record<number, string> = {
    404: 'Not Found',
    429: 'Too Many Requests',
    500: 'Internal Server Error',
    502: 'Bad Gateway',
    503: 'Service Temporarily Unavailable',
    504: 'Gateway Time-out',
  };
  const text = `${status} ${reason[status] ?? 'Error'}`;
  return `<html><head>${meta}<title>${text}</title></head><body><center><h1>${text}</h1></center><hr><center>nginx</center></body></html>`;
}

/** The paragraphs a site shows while a chapter is not really there yet. */
export function placeholderParagraphs(language: 'zh' | 'en'): string[] {
  return language === 'zh'
    ? ['内容更新中…', '本章节内容正在手打中，请稍后刷新页面。']
    : [
        'Content is being updated…',
        'This chapter will be available shortly. Please check back later.',
      ];
}

/** A simple SVG cover. */
export function coverSvg(title: string, author: string): string {
  return `<svg xmlns="http://www.w3.org/2000/svg" width="240" height="320" viewBox="0 0 240 320"><rect width="240" height="320" fill="#2f4858"/><rect x="12" y="12" width="216" height="296" fill="none" stroke="#f6ae2d" stroke-width="2"/><text x="120" y="140" font-size="22" text-anchor="middle" fill="#fff">${escapeHtml(title)}</text><text x="120" y="260" font-size="14" text-anchor="middle" fill="#f6ae2d">${escapeHtml(author)}</text></svg>`;
}
