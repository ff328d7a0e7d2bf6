/** Sample public-domain works for the mocks: short excerpts written for the tests, nothing fetched. */
import type { WikiWork } from './mock-mediawiki.ts';
import type { PgBook } from './mock-gutenberg.ts';

export const honglou: WikiWork = {
  title: '紅樓夢',
  intro: '《紅樓夢》，清代曹雪芹著，後四十回相傳為高鶚所續。',
  categories: [
    { name: '清朝小說' },
    { name: '章回小說' },
    { name: '含有受保护内容的页面', hidden: true },
  ],
  otherLinks: [
    [102, '作者:曹雪芹'],
    [0, '石頭記'],
  ],
  chapters: [
    [
      '第001回',
      [
        '甄士隱夢幻識通靈　賈雨村風塵懷閨秀',
        '此開卷第一回也。作者自云：因曾歷過一番夢幻之後，故將真事隱去。',
      ],
    ],
    ['第002回', ['賈夫人仙逝揚州城　冷子興演說榮國府', '卻說封肅因聽見公差傳喚，忙出來陪笑啟問。']],
    [
      '第003回',
      [
        '托內兄如海薦西賓　接外孫賈母惜孤女',
        '卻說雨村忙回頭看時，不是別人，乃是當日同僚一案參革的張如圭。',
      ],
    ],
  ],
};

export const jingyesi: WikiWork = {
  title: '靜夜思',
  intro: '唐李白五言絕句。',
  categories: [{ name: '唐詩' }],
  otherLinks: [[102, '作者:李白']],
  chapters: [],
  text: ['床前明月光，疑是地上霜。', '舉頭望明月，低頭思故鄉。'],
};

const romans = ['I', 'II', 'III', 'IV', 'V', 'VI', 'VII', 'VIII', 'IX', 'X', 'XI', 'XII'];

/** Twelve chapters, so an alphabetical order ("Chapter 10" before "Chapter 2") would show. */
export const timeMachineWiki: WikiWork = {
  title: 'The Time Machine',
  intro: 'The Time Machine is a novella by H. G. Wells, first published in 1895.',
  categories: [{ name: 'Science fiction novels' }, { name: 'Works by H. G. Wells' }],
  otherLinks: [
    [102, 'Author:Herbert George Wells'],
    [0, 'The War of the Worlds'],
  ],
  chapters: romans.map((r, i) => [
    `Chapter ${i + 1}`,
    [`${r}.`, `Paragraph one of chapter ${i + 1}: the Time Traveller went on.`],
  ]),
};

export const timeMachinePg: PgBook = {
  id: 35,
  title: 'The Time Machine',
  author: 'H. G. Wells',
  authorSort: 'Wells, H. G. (Herbert George)',
  subjects: ['Science fiction', 'Time travel -- Fiction', 'Dystopias -- Fiction'],
  chapters: [
    {
      heading: 'I. Introduction',
      paragraphs: [
        'The Time Traveller (for so it will be convenient to speak of him) was expounding a recondite matter to us.',
        'His grey eyes shone and twinkled, and his usually pale face was flushed and animated.',
      ],
    },
    {
      heading: 'II. The Machine',
      paragraphs: ['I think that at that time none of us quite believed in the Time Machine.'],
    },
    {
      heading: 'III. The Time Traveller Returns',
      paragraphs: [
        'The Time Traveller was not there when we arrived.',
        'The next Thursday I went again to Richmond.',
      ],
    },
  ],
};

export const warOfTheWorlds: PgBook = {
  id: 36,
  title: 'The War of the Worlds',
  author: 'H. G. Wells',
  authorSort: 'Wells, H. G. (Herbert George)',
  subjects: ['Science fiction', 'Martians -- Fiction'],
  chapters: [
    {
      heading: 'I. The Eve of the War',
      paragraphs: ['No one would have believed in the last years of the nineteenth century.'],
    },
  ],
};

/** An older HTML book: anchors before bare `<h2>` headings, no `#chap` anchors. */
export const christmasCarol: PgBook = {
  id: 46,
  title: 'A Christmas Carol in Prose; Being a Ghost Story of Christmas',
  author: 'Charles Dickens',
  authorSort: 'Dickens, Charles',
  subjects: ['Christmas stories', 'Ghost stories'],
  layout: 'anchor-before-h2',
  chapters: [
    {
      heading: "STAVE I. MARLEY'S GHOST",
      paragraphs: ['Marley was dead: to begin with.', 'There is no doubt whatever about that.'],
    },
    {
      heading: 'STAVE II. THE FIRST OF THE THREE SPIRITS',
      paragraphs: ['When Scrooge awoke, it was so dark.'],
    },
    {
      heading: 'STAVE III. THE SECOND OF THE THREE SPIRITS',
      paragraphs: ['Awaking in the middle of a prodigiously tough snore.'],
    },
  ],
};

/** A title with "&", which must reach the API escaped. */
export const prideWiki: WikiWork = {
  title: 'Pride & Prejudice',
  intro: 'A novel by Jane Austen (1813).',
  categories: [{ name: 'Novels' }],
  otherLinks: [[102, 'Author:Jane Austen']],
  chapters: [
    [
      'Chapter 1',
      [
        'It is a truth universally acknowledged, that a single man in possession of a good fortune, must be in want of a wife.',
      ],
    ],
    ['Chapter 2', ['Mr. Bennet was among the earliest of those who waited on Mr. Bingley.']],
  ],
};
