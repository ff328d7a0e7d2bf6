/** Helpers for the demo sites' own tests (and anyone testing against them). */
import iconv from 'iconv-lite';

export interface Fetched {
  status: number;
  headers: Headers;
  bytes: Buffer;
  /** The body decoded as GBK when the header says so, else UTF-8. */
  text: string;
}

export async function fetchPage(url: string, init: RequestInit = {}): Promise<Fetched> {
  const response = await fetch(url, { redirect: 'manual', ...init });
  const bytes = Buffer.from(await response.arrayBuffer());
  const gbk = /charset=gbk/i.test(response.headers.get('content-type') ?? '');
  return {
    status: response.status,
    headers: response.headers,
    bytes,
    text: gbk ? iconv.decode(bytes, 'gbk') : bytes.toString('utf8'),
  };
}

export function gbkBytes(text: string): Buffer {
  return iconv.encode(text, 'gbk');
}

/** The text of `<div id="…">…</div>` (first match, no nesting) with tags removed, one line per `<br>`/`<p>`. */
export function blockLines(html: string, open: RegExp): string[] {
  const start = html.search(open);
  if (start < 0) return [];
  const end = html.indexOf('</div>', start);
  return html
    .slice(start, end)
    .replace(/<script[\s\S]*?<\/script>/g, '')
    .replace(/<(br|p)\b[^>]*>/gi, '\n')
    .replace(/<[^>]+>/g, '')
    .replace(/&nbsp;/g, ' ')
    .replace(/&#(\d+);/g, (_, n: string) => String.fromCodePoint(Number(n)))
    .replace(/&quot;/g, '"')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&')
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line.length > 0);
}
