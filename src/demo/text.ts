/**
 * Prose, names and numbers for the generated demo novels. Everything is a pure function of a
 * seeded Rng, so a chapter is regenerated on demand instead of being stored.
 */
import type { Rng } from './random.ts';

// ---------------------------------------------------------------------------------------------
// Numbers

const digitsZh = '零一二三四五六七八九';

function below10000(n: number): string {
  const units: Array<[number, string]> = [
    [1000, '千'],
    [100, '百'],
    [10, '十'],
    [1, ''],
  ];
  let out = '';
  let started = false;
  let pendingZero = false;
  for (const [unit, name] of units) {
    const digit = Math.floor(n / unit) % 10;
    if (digit === 0) {
      if (started) pendingZero = true;
      continue;
    }
    if (pendingZero) out += '零';
    pendingZero = false;
    out += digitsZh[digit] + name;
    started = true;
  }
  return out;
}

/** 123 → 一百二十三, 10 → 十, 15 → 十五, 1001 → 一千零一, 20000 → 二万. */
export function chineseNumber(n: number): string {
  if (!Number.isInteger(n) || n < 0) throw new RangeError(`not a natural number: ${n}`);
  if (n === 0) return '零';
  let text: string;
  if (n < 10000) {
    text = below10000(n);
  } else {
    const high = Math.floor(n / 10000);
    const low = n % 10000;
    text = chineseNumber(high) + '万';
    if (low > 0) text += (low < 1000 ? '零' : '') + below10000(low);
  }
  return text.startsWith('一十') ? text.slice(1) : text;
}

// ---------------------------------------------------------------------------------------------
// Names

/** Unique names for index 0..words² - 1: a per-book bijection over pairs of words. */
function pairName(
  words: readonly string[],
  index: number,
  offset: number,
  join: (a: string, b: string) => string,
  same: (a: string) => string,
): string {
  const size = words.length * words.length;
  // 7919 is prime and larger than any list size here, so it is coprime with size.
  const m = (offset + index * 7919) % size;
  const a = words[Math.floor(m / words.length)] as string;
  const b = words[m % words.length] as string;
  return a === b ? same(a) : join(a, b);
}

// prettier-ignore
const zhNameWords = [
  '风起', '云涌', '初入', '宗门', '夜雨', '孤灯', '长街', '旧约', '故人', '归来', '暗流', '山雨', '剑鸣', '破晓', '迷雾', '一线',
  '锋芒', '星火', '惊变', '前夜', '远行', '离别', '试炼', '灯下', '密信', '黄昏', '天机', '再会', '千里', '风波', '暗箭', '尘埃',
  '独闯', '渡口', '相逢', '残局', '棋落', '雪夜', '问心', '借刀', '江湖', '月下', '故园', '烽烟', '潮生', '冷月', '孤城', '归途',
  '余烬', '春深', '秋声', '旧梦', '惊雷', '长夜', '断桥', '青锋', '白衣', '古井', '晚钟', '微光',
] as const;

// prettier-ignore
const enNameAdjectives = [
  'Long', 'Silent', 'Broken', 'Hidden', 'Burning', 'Cold', 'Last', 'First', 'Crimson', 'Quiet',
  'Iron', 'Hollow', 'Distant', 'Bitter', 'Golden', 'Shattered', 'Sleeping', 'Wandering', 'Pale',
  'Forgotten', 'Narrow', 'Sunken', 'Restless', 'Frozen', 'Open', 'Lost', 'Empty', 'Borrowed',
  'Second', 'Final', 'Rising', 'Falling',
] as const;
// prettier-ignore
const enNameNouns = [
  'Night', 'Road', 'Gate', 'Bargain', 'Harbor', 'Tower', 'Letter', 'Storm', 'Debt', 'Crown',
  'River', 'Bell', 'Lantern', 'Map', 'Key', 'Door', 'Oath', 'Market', 'Wall', 'Bridge', 'Fire',
  'Winter', 'Morning', 'Ledger', 'Blade', 'Ward', 'Signal', 'Lesson', 'Trial', 'Hunt', 'Feast',
  'Ashes',
] as const;

/** A 4-character chapter name, unique within a book for the first 3,600 chapters. */
export function chineseChapterName(bookSeed: number, index: number): string {
  return pairName(
    zhNameWords,
    index,
    bookSeed % 3600,
    (a, b) => a + b,
    (a) => `重回${a}`,
  );
}

/** "The Broken Gate" style names, unique within a book for the first 1,024 chapters. */
export function englishChapterName(bookSeed: number, index: number): string {
  // Adjectives and nouns have the same length, so pairName's square covers both lists.
  const m = (bookSeed + index * 7919) % (enNameAdjectives.length * enNameNouns.length);
  const a = enNameAdjectives[Math.floor(m / enNameNouns.length)] as string;
  const b = enNameNouns[m % enNameNouns.length] as string;
  return `The ${a} ${b}`;
}

const zhSurnames = '林陈沈苏顾陆叶萧秦温宋程谢韩江许周方白楚'.split('');
const zhGivenChars = '风远清舟岚川若尘晚星辰言墨宁月寒照安歌青澜衡之瑶竹'.split('');
// prettier-ignore
const enFirstNames = [
  'Mara', 'Ellis', 'Rowan', 'Tamsin', 'Corin', 'Ada', 'Bram', 'Iris', 'Hale', 'Wren', 'Osric',
  'Lena', 'Tobias', 'Nell', 'Caspian', 'Juno',
];

interface Cast {
  readonly names: readonly string[];
}

/** Four characters for a book: the protagonist first. */
export function castFor(rng: Rng, language: 'zh' | 'en'): Cast {
  const names = new Set<string>();
  while (names.size < 4) {
    if (language === 'zh') {
      const given = rng.chance(0.5)
        ? rng.pick(zhGivenChars)
        : rng.pick(zhGivenChars) + rng.pick(zhGivenChars);
      names.add(rng.pick(zhSurnames) + given);
    } else {
      names.add(rng.pick(enFirstNames));
    }
  }
  return { names: [...names] };
}

// ---------------------------------------------------------------------------------------------
// Chinese prose

// prettier-ignore
const zh = {
  time: [
    '清晨', '天刚蒙蒙亮', '正午时分', '夕阳西下时', '夜深人静时', '第二天一早', '三日之后', '半个时辰后', '入夜之后', '雨停之后', '黄昏时分',
    '片刻之后', '鸡鸣时分', '午后',
  ],
  place: [
    '山门前', '长街尽头', '客栈二楼', '后山竹林', '城东的旧巷', '藏书阁', '演武场', '渡口', '半山腰的凉亭', '集市口', '院子里', '书房',
    '河岸边', '城墙上', '大殿之中', '药铺门口', '驿站外', '老槐树下',
  ],
  motion: [
    '缓步走到', '快步来到', '独自坐在', '悄悄回到', '一路赶到', '静静站在', '停在',
  ],
  scene: [
    '风吹过檐角，铜铃轻轻作响', '远处传来几声犬吠', '细雨落在青石板上，溅起细小的水花', '炊烟从屋顶袅袅升起', '灯火一盏接一盏地亮了起来', '空气里带着泥土的气息',
    '几只麻雀从树梢上惊飞而起', '人群的喧哗声渐渐远去', '月光洒在窗棂上，映出斑驳的影子', '天边的云压得很低', '街角的茶摊冒着热气', '落叶被风卷着在地上打转',
    '河面上浮着一层薄雾', '屋里只剩下烛火跳动的声音',
  ],
  emotion: [
    '沉默了片刻', '轻轻叹了口气', '皱起了眉头', '嘴角微微上扬', '眼神一凝', '心中一动', '不由得愣住了', '深吸了一口气', '握紧了拳头', '摇了摇头',
    '低头想了想', '神色渐渐凝重',
  ],
  thought: [
    '这件事远没有表面上那么简单', '对方显然早有准备', '机会只有这一次', '必须赶在天黑之前做出决定', '许多线索终于串在了一起', '这一步若是走错，便再无回头的余地',
    '那封信里一定还藏着什么', '眼下最要紧的是先稳住局面', '有些话现在还不能说出口', '真正的麻烦恐怕还在后头',
  ],
  action: [
    '把手中的信折好收进怀里', '推开了那扇吱呀作响的木门', '将茶杯轻轻放回桌上', '翻开了那本泛黄的册子', '抬手拂去肩上的落叶', '从袖中取出一枚铜钱',
    '沿着小路一直往前走', '回头望了一眼来时的路', '把灯芯挑亮了一些', '在纸上写下了几个字', '仔细检查了一遍门闩', '将包袱系得更紧了些',
  ],
  memory: [
    '师父临走前说过的话', '那年冬天的大雪', '第一次来到这里时的情景', '母亲留下的那只木匣', '小时候在河边捡到的那块玉佩', '三年前那个下雨的夜晚',
    '老掌柜意味深长的眼神',
  ],
  utter: [
    '你来得正好。', '这件事我已经查清楚了。', '不必担心，我自有分寸。', '再等一等，他们很快就会来。', '你当真要这么做？', '此事说来话长。', '我们没有多少时间了。',
    '先别急着下结论。', '这里面恐怕另有隐情。', '明日一早，我们就出发。', '你可还记得当年的约定？', '我只问你一句。', '东西都准备好了吗？', '他不会就这样善罢甘休的。',
    '这一次，我不会再退了。', '路上多加小心。', '你怎么知道的？', '我答应过的事，从来不会食言。', '天亮之前必须赶到。', '这不是你该问的。',
  ],
  say: [
    '低声说道', '缓缓开口', '笑着说', '沉声道', '压低了声音说', '一字一句地说', '头也不回地说', '轻声说',
  ],
  sayColon: [
    '开口道', '说道', '问道', '叮嘱道', '忽然道',
  ],
} as const;

function zhNarrative(rng: Rng, names: readonly string[]): string {
  const a = rng.pick(names);
  const b = rng.pick(names.filter((n) => n !== a));
  switch (rng.int(8)) {
    case 0:
      return `${rng.pick(zh.time)}，${a}${rng.pick(zh.motion)}${rng.pick(zh.place)}。`;
    case 1:
      return `${rng.pick(zh.scene)}。`;
    case 2:
      return `${a}${rng.pick(zh.emotion)}，心里明白${rng.pick(zh.thought)}。`;
    case 3:
      return `${a}${rng.pick(zh.action)}，${rng.pick(zh.scene)}。`;
    case 4:
      return `${b}见状，${rng.pick(zh.emotion)}，${rng.pick(zh.action)}。`;
    case 5:
      return `${a}想起${rng.pick(zh.memory)}，${rng.pick(zh.emotion)}。`;
    case 6:
      return `${a}和${b}在${rng.pick(zh.place)}对视一眼，谁也没有先开口。`;
    default:
      return `${rng.pick(zh.time)}，${rng.pick(zh.scene)}，${a}${rng.pick(zh.action)}。`;
  }
}

function zhDialogue(rng: Rng, names: readonly string[]): string {
  const a = rng.pick(names);
  const u1 = rng.pick(zh.utter);
  let u2: string = rng.pick(zh.utter);
  if (u2 === u1) u2 = zh.utter[(zh.utter.indexOf(u1) + 1) % zh.utter.length] as string;
  switch (rng.int(3)) {
    case 0:
      return `“${u1}${u2}”${a}${rng.pick(zh.say)}，${rng.pick(zh.action)}。`;
    case 1:
      return `${a}${rng.pick(zh.emotion)}，${rng.pick(zh.sayColon)}：“${u1}${u2}”`;
    default:
      return `“${u1}”${a}顿了顿，${rng.pick(zh.action)}，又道：“${u2}”`;
  }
}

/** A chapter of Chinese prose: narrative paragraphs of 2–4 sentences and dialogue lines. */
export function chineseParagraphs(rng: Rng, names: readonly string[]): string[] {
  // A guest character of this chapter appears in many of its lines, so lines rarely repeat
  // from one chapter to another (a cleaner must not mistake real prose for boilerplate).
  const guest = rng.pick(zhSurnames) + rng.pick(zhGivenChars) + rng.pick(zhGivenChars);
  const people = [...names, guest, guest];
  const count = rng.range(24, 40);
  const out: string[] = [];
  for (let i = 0; i < count; i++) {
    if (i > 0 && rng.chance(0.3)) {
      const line = zhDialogue(rng, people);
      out.push(
        rng.chance(0.75)
          ? line + zhNarrative(rng, people)
          : `${guest}看了${rng.pick(names)}一眼。${line}`,
      );
      continue;
    }
    const sentences = rng.range(3, 4);
    const parts: string[] = [];
    while (parts.length < sentences) {
      const sentence = zhNarrative(rng, people);
      if (!parts.includes(sentence)) parts.push(sentence);
    }
    out.push(parts.join(''));
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// English prose

// prettier-ignore
const en = {
  time: [
    'At dawn', 'By noon', 'Late that evening', 'The next morning', 'Three days later',
    'When the rain stopped', 'Just before midnight', 'Some hours later', 'At first light',
    'Long after supper',
  ],
  place: [
    'the old mill', 'the harbor', 'the east gate', 'the library tower', 'the market square',
    'the edge of the forest', 'the inn on Copper Street', 'the ruined chapel', 'the training yard',
    'the river ford', 'the guild hall', 'the watchtower',
  ],
  motion: [
    'walked to', 'hurried to', 'returned to', 'slipped into', 'waited at', 'climbed up to',
  ],
  scene: [
    'Wind rattled the shutters', 'A bell rang somewhere across the city',
    'Rain drummed on the slate roofs', 'Smoke curled from a dozen chimneys',
    'The lanterns flickered one by one', 'Crows argued in the bare branches',
    'The crowd thinned as the light faded', 'Fog rolled in from the water',
    'The floorboards creaked under every step', 'Somewhere below, a door slammed',
  ],
  emotion: [
    'frowned', 'let out a slow breath', 'smiled despite everything', 'went very still',
    'shook their head', 'hesitated', 'clenched a fist', 'looked away',
  ],
  thought: [
    'nothing about this was simple', 'someone had planned it all',
    'there would be no second chance', 'the letter still held one more secret',
    'the answer had been in front of them all along', 'the real trouble had not even started',
    'trust was a luxury they could not afford',
  ],
  action: [
    'folded the letter and tucked it away', 'pushed open the creaking door',
    'set the cup down carefully', 'opened the worn ledger', 'brushed the dust from the map',
    'checked the short knife at their belt', 'counted the coins twice', 'looked back at the road',
    'trimmed the lamp wick', 'wrote three words on a scrap of paper',
  ],
  utter: [
    'You came just in time.', 'I already know what happened.', 'Do not worry about me.',
    'Wait a little longer.', 'Are you sure about this?', 'It is a long story.',
    'We are running out of time.', 'Do not jump to conclusions.', 'There is more to this.',
    'We leave at first light.', 'Do you remember the promise?', 'I will ask you only once.',
    'Is everything ready?', 'He will not let this go.', 'This time I will not run.',
    'Be careful out there.', 'How did you find out?',
  ],
  say: [
    'said quietly', 'said at last', 'muttered', 'replied', 'said without looking up', 'whispered',
  ],
} as const;

function enNarrative(rng: Rng, names: readonly string[]): string {
  const a = rng.pick(names);
  const b = rng.pick(names.filter((n) => n !== a));
  switch (rng.int(6)) {
    case 0:
      return `${rng.pick(en.time)}, ${a} ${rng.pick(en.motion)} ${rng.pick(en.place)}.`;
    case 1:
      return `${rng.pick(en.scene)}.`;
    case 2:
      return `${a} ${rng.pick(en.emotion)}; ${rng.pick(en.thought)}.`;
    case 3:
      return `${a} ${rng.pick(en.action)} while ${b} watched.`;
    case 4:
      return `${rng.pick(en.scene)}, and ${a} ${rng.pick(en.action)}.`;
    default:
      return `${b} ${rng.pick(en.emotion)} near ${rng.pick(en.place)}.`;
  }
}

function enDialogue(rng: Rng, names: readonly string[]): string {
  const a = rng.pick(names);
  const u1 = rng.pick(en.utter);
  let u2: string = rng.pick(en.utter);
  if (u2 === u1) u2 = en.utter[(en.utter.indexOf(u1) + 1) % en.utter.length] as string;
  return rng.chance(0.5)
    ? `"${u1} ${u2}" ${a} ${rng.pick(en.say)}, and ${rng.pick(en.action)}.`
    : `${a} ${rng.pick(en.emotion)}. "${u1}" A pause. "${u2}"`;
}

/** A chapter of English prose. */
export function englishParagraphs(rng: Rng, names: readonly string[]): string[] {
  const guest = `${rng.pick(enTitles)} ${rng.pick(enSurnames)}`;
  const people = [...names, guest, guest];
  const count = rng.range(18, 32);
  const out: string[] = [];
  for (let i = 0; i < count; i++) {
    if (i > 0 && rng.chance(0.3)) {
      const line = enDialogue(rng, people);
      out.push(
        rng.chance(0.75)
          ? `${line} ${enNarrative(rng, people)}`
          : `${guest} glanced at ${rng.pick(names)}. ${line}`,
      );
      continue;
    }
    const sentences = rng.range(3, 4);
    const parts: string[] = [];
    while (parts.length < sentences) {
      const sentence = enNarrative(rng, people);
      if (!parts.includes(sentence)) parts.push(sentence);
    }
    out.push(parts.join(' '));
  }
  return out;
}

// prettier-ignore
const enTitles = ['Captain', 'Master', 'Old', 'Sister', 'Brother', 'Lady', 'Lord', 'Doctor', 'Warden', 'Mother'];
// prettier-ignore
const enSurnames = [
  'Hollis', 'Marsh', 'Crane', 'Fenwick', 'Blackwood', 'Sorrel', 'Vance', 'Thorne', 'Ashdown', 'Pike',
  'Larkin', 'Greaves', 'Mallory', 'Quint', 'Rooke', 'Tarrant', 'Wick', 'Yardley', 'Barrow', 'Colby',
];

// ---------------------------------------------------------------------------------------------
// Misc

const letters = 'abcdefghijklmnopqrstuvwxyz';
const tlds = ['com', 'net', 'org', 'cc', 'info', 'la', 'co', 'xyz', 'vip', 'me'];

/** A made-up domain such as `www.qzbxk88.cc`. */
export function randomDomain(rng: Rng): string {
  let label = '';
  const length = rng.range(4, 8);
  for (let i = 0; i < length; i++) label += rng.pick(letters.split(''));
  if (rng.chance(0.5)) label += String(rng.range(1, 999));
  return `${rng.chance(0.6) ? 'www.' : ''}${label}.${rng.pick(tlds)}`;
}

/** Puts a zero-width space between some characters (how sites defeat naive filters). */
export function sprinkleZeroWidth(rng: Rng, text: string): string {
  let out = '';
  for (const ch of text) {
    out += ch;
    if (rng.chance(0.5)) out += '\u200b';
  }
  return out;
}

/** `2025-06-01 08:00:00` in China Standard Time (UTC+8), as biquge-family sites print it. */
export function formatChinaTime(ms: number): string {
  const d = new Date(ms + 8 * 3600_000);
  const pad = (n: number) => String(n).padStart(2, '0');
  return (
    `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())} ` +
    `${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}`
  );
}

/** A URL slug: "The Iron Gate" → "the-iron-gate". */
export function slugify(text: string): string {
  return (
    text
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-+|-+$/g, '') || 'x'
  );
}
