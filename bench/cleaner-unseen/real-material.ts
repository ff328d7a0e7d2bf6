/**
 * What the unseen-sites benchmark is made of, all read from the outside material in
 * `../shared/data` (never copied): advert phrasings from the 124 real Legado replace rules (the
 * literal Chinese runs in the rules that clean adverts, site names and addresses), prose from two
 * real chapters (the seed page and a biquge.info chapter), real chapter titles from two real
 * tables of contents and real book names from their recommendation lists.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { toParagraphs } from '../../src/library/cleaner/index.ts';
import { sharedData } from '../../test/support/outside-material.ts';

export const materialPaths = [
  'replace-rules',
  'seed/chapter.txt',
  'real-pages/biquge.info_74_74132_14482860.html',
  'real-pages/biquge.info_74_74132_index.html',
  'real-pages/shuquge_30668_index.html',
];

export interface RealMaterial {
  /** Literal phrases of the rules that clean adverts, e.g. "一秒钟记住本小说", "本站访问地址". */
  readonly phrases: readonly string[];
  /** Site names the rules remove, e.g. "零点看书网", "顶点小说". */
  readonly siteNames: readonly string[];
  /** Domain labels the rules remove, e.g. "x33xs", "tsxsw". */
  readonly domainRoots: readonly string[];
  /** Sentences of real prose, and the real short lines ("噹——", "“哦？”"). */
  readonly sentences: readonly string[];
  readonly shortLines: readonly string[];
  readonly chapterTitles: readonly string[];
  readonly bookTitles: readonly string[];
}

interface Rule {
  readonly name?: string;
  readonly pattern?: string;
  readonly replacement?: string;
}

function rules(): Rule[] {
  const dir = sharedData('replace-rules');
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((file) => file.endsWith('.json'))
    .flatMap((file) => JSON.parse(readFileSync(join(dir, file), 'utf8')) as Rule[]);
}

// The rules that remove adverts and site notes, not the ones that fix punctuation or names.
const advertRule = /净化|垃圾|网址|多余/;
const otherRule = /标题|标点|姓名|叠音|对话|格式/;

function advertMaterial(all: readonly Rule[]) {
  const phrases = new Set<string>();
  const siteNames = new Set<string>();
  const domainRoots = new Set<string>();
  for (const rule of all) {
    const name = rule.name ?? '';
    if (!advertRule.test(name) || otherRule.test(name)) continue;
    const text = `${rule.pattern ?? ''} ${rule.replacement ?? ''}`;
    // Character classes ([记首本一]) are not phrases; runs of four or more literal characters are.
    for (const run of text.replace(/\[[^\]]*\]/g, ' ').match(/[\u4e00-\u9fa5]{4,}/g) ?? []) {
      phrases.add(run);
    }
    for (const part of (rule.pattern ?? '').normalize('NFKC').split('|')) {
      const siteName = /^[\u4e00-\u9fa5]{2,6}(?:网|书库|小说|书吧|书屋|文学|看书)$/;
      if (siteName.test(part) && !/记住|免费|下载|好看/.test(part)) siteNames.add(part);
      const domain = /^(?:[a-z0-9]+\.)?([a-z0-9]{4,})\.(?:com|la|net|org)$/i.exec(part);
      if (domain?.[1]) domainRoots.add(domain[1].toLowerCase());
    }
  }
  return { phrases: [...phrases], siteNames: [...siteNames], domainRoots: [...domainRoots] };
}

function prose() {
  const seed = readFileSync(sharedData('seed/chapter.txt'), 'utf8')
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line !== '')
    .slice(1, -3); // the aggregator's banner and its three footer lists are not prose
  const page = readFileSync(sharedData('real-pages/biquge.info_74_74132_14482860.html'), 'utf8');
  const content = /<div id="content">([\s\S]*?)<\/div>/.exec(page)?.[1] ?? '';
  const paragraphs = [...seed, ...toParagraphs(content)];
  const sentences = paragraphs
    .flatMap((p) => p.split(/(?<=[。！？!?…])(?![”」])/))
    .filter((s) => s.length >= 8);
  const shortLines = paragraphs.filter((p) => p.length <= 6);
  return { sentences, shortLines };
}

function tocs() {
  const titles: string[] = [];
  const books = new Set<string>();
  for (const file of ['biquge.info_74_74132_index.html', 'shuquge_30668_index.html']) {
    const page = readFileSync(sharedData(`real-pages/${file}`), 'utf8');
    for (const [, title] of page.matchAll(/<dd><a[^>]*>(第[^<]+)<\/a>/g)) titles.push(title!);
    for (const [, book] of page.matchAll(/<a href="\/\d+_\d+\/"[^>]*>(?:<b>)?([^<]{2,14})</g)) {
      books.add(book!);
    }
  }
  return { chapterTitles: [...new Set(titles)], bookTitles: [...books] };
}

export function realMaterial(): RealMaterial {
  return { ...advertMaterial(rules()), ...prose(), ...tocs() };
}
