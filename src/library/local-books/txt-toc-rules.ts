/*
 * Legado's default TXT table-of-contents rules (gedoor/legado `assets/defaultData/txtTocRule.json`,
 * GPL-3.0, data only), in Legado's order (`serialNumber`). `enabled` is Legado's default: only
 * enabled rules are tried when a file is split automatically; a reader may pick any rule by hand.
 * The patterns are Java regexes; `compileTocRule` adapts the few Java-only parts (a leading `(?m)`
 * or `(?im)` flag group) to JavaScript.
 */

export interface TxtTocRule {
  /** Legado's serialNumber: the rule's number in the list (what `--rule N` takes). */
  readonly id: number;
  readonly name: string;
  readonly pattern: string;
  readonly enabled: boolean;
}

export const txtTocRules: readonly TxtTocRule[] = [
  {
    id: 0,
    name: '目录(去空白)',
    pattern:
      '(?<=[　\\s])(?:序章|楔子|正文(?!完|结)|终章|后记|尾声|番外|第\\s{0,4}[\\d〇零一二两三四五六七八九十百千万壹贰叁肆伍陆柒捌玖拾佰仟]+?\\s{0,4}(?:章|节(?!课)|卷|集(?![合和]))).{0,30}$',
    enabled: true,
  },
  {
    id: 1,
    name: '目录',
    pattern:
      '^[ 　\\t]{0,4}(?:序章|楔子|正文(?!完|结)|终章|后记|尾声|番外|第\\s{0,4}[\\d〇零一二两三四五六七八九十百千万壹贰叁肆伍陆柒捌玖拾佰仟]+?\\s{0,4}(?:章|节(?!课)|卷|集(?![合和])|部(?![分赛游])|篇(?!张))).{0,30}$',
    enabled: true,
  },
  {
    id: 2,
    name: '目录(匹配简介)',
    pattern:
      '(?<=[　\\s])(?:(?:内容|文章)?简介|文案|前言|序章|楔子|正文(?!完|结)|终章|后记|尾声|番外|第\\s{0,4}[\\d〇零一二两三四五六七八九十百千万壹贰叁肆伍陆柒捌玖拾佰仟]+?\\s{0,4}(?:章|节(?!课)|卷|集(?![合和])|部(?![分赛游])|回(?![合来事去])|场(?![和合比电是])|篇(?!张))).{0,30}$',
    enabled: false,
  },
  {
    id: 3,
    name: '目录(古典、轻小说备用)',
    pattern:
      '^[ 　\\t]{0,4}(?:序章|楔子|正文(?!完|结)|终章|后记|尾声|番外|第\\s{0,4}[\\d〇零一二两三四五六七八九十百千万壹贰叁肆伍陆柒捌玖拾佰仟]+?\\s{0,4}(?:章|节(?!课)|卷|集(?![合和])|部(?![分赛游])|回(?![合来事去])|场(?![和合比电是])|话|篇(?!张))).{0,30}$',
    enabled: false,
  },
  {
    id: 4,
    name: '数字(纯数字标题)',
    pattern: '(?<=[　\\s])\\d+\\.?[ 　\\t]{0,4}$',
    enabled: false,
  },
  {
    id: 5,
    name: '大写数字(纯数字标题)',
    pattern:
      '(?<=[　\\s])[零一二两三四五六七八九十百千万壹贰叁肆伍陆柒捌玖拾佰仟]{1,12}[ 　\\t]{0,4}$',
    enabled: false,
  },
  {
    id: 6,
    name: '数字混合(纯数字标题)',
    pattern:
      '(?<=[　\\s])[零一二两三四五六七八九十百千万壹贰叁肆伍陆柒捌玖拾佰仟\\d]{1,12}[ 　\\t]{0,4}$',
    enabled: false,
  },
  {
    id: 7,
    name: '数字 分隔符 标题名称',
    pattern: '^[ 　\\t]{0,4}\\d{1,5}[:：,.， 、_—\\-].{1,30}$',
    enabled: true,
  },
  {
    id: 8,
    name: '大写数字 分隔符 标题名称',
    pattern:
      '^[ 　\\t]{0,4}(?:序章|楔子|正文(?!完|结)|终章|后记|尾声|番外|[零一二两三四五六七八九十百千万壹贰叁肆伍陆柒捌玖拾佰仟]{1,8}章?)[ 、_—\\-].{1,30}$',
    enabled: true,
  },
  {
    id: 9,
    name: '数字混合 分隔符 标题名称',
    pattern:
      '^[ 　\\t]{0,4}(?:序章|楔子|正文(?!完|结)|终章|后记|尾声|番外|[零一二两三四五六七八九十百千万壹贰叁肆伍陆柒捌玖拾佰仟]{1,8}章?[ 、_—\\-]|\\d{1,5}章?[:：,.， 、_—\\-]).{0,30}$',
    enabled: false,
  },
  {
    id: 10,
    name: '正文 标题/序号',
    pattern: '^[ 　\\t]{0,4}正文[ 　]{1,4}.{0,20}$',
    enabled: true,
  },
  {
    id: 11,
    name: 'Chapter/Section/Part/Episode 序号 标题',
    pattern:
      '^[ 　\\t]{0,4}(?:[Cc]hapter|[Ss]ection|[Pp]art|ＰＡＲＴ|[Nn][oO][.、]|[Ee]pisode|(?:内容|文章)?简介|文案|前言|序章|楔子|正文(?!完|结)|终章|后记|尾声|番外)\\s{0,4}\\d{1,4}.{0,30}$',
    enabled: true,
  },
  {
    id: 12,
    name: 'Chapter(去简介)',
    pattern:
      '^[ 　\\t]{0,4}(?:[Cc]hapter|[Ss]ection|[Pp]art|ＰＡＲＴ|[Nn][Oo]\\.|[Ee]pisode)\\s{0,4}\\d{1,4}.{0,30}$',
    enabled: false,
  },
  {
    id: 13,
    name: '特殊符号 序号 标题',
    pattern:
      '(?<=[\\s　])[【〔〖「『〈［\\[](?:第|[Cc]hapter)[\\d零一二两三四五六七八九十百千万壹贰叁肆伍陆柒捌玖拾佰仟]{1,10}[章节].{0,20}$',
    enabled: true,
  },
  {
    id: 14,
    name: '特殊符号 标题(成对)',
    pattern:
      '(?<=[\\s　]{0,4})(?:[\\[〈「『〖〔《（【\\(].{1,30}[\\)】）》〕〗』」〉\\]]?|(?:内容|文章)?简介|文案|前言|序章|楔子|正文(?!完|结)|终章|后记|尾声|番外)[ 　]{0,4}$',
    enabled: false,
  },
  {
    id: 15,
    name: '特殊符号 标题(单个)',
    pattern:
      '(?<=[\\s　]{0,4})(?:[☆★✦✧].{1,30}|(?:内容|文章)?简介|文案|前言|序章|楔子|正文(?!完|结)|终章|后记|尾声|番外)[ 　]{0,4}$',
    enabled: true,
  },
  {
    id: 16,
    name: '章/卷 序号 标题',
    pattern:
      '^[ \\t　]{0,4}(?:(?:内容|文章)?简介|文案|前言|序章|楔子|正文(?!完|结)|终章|后记|尾声|番外|[卷章][\\d零一二两三四五六七八九十百千万壹贰叁肆伍陆柒捌玖拾佰仟]{1,8})[ 　]{0,4}.{0,30}$',
    enabled: true,
  },
  {
    id: 17,
    name: '顶格标题',
    pattern: '^\\S.{1,20}$',
    enabled: false,
  },
  {
    id: 18,
    name: '双标题(前向)',
    pattern:
      '(?m)(?<=[ \\t　]{0,4})第[\\d〇零一二两三四五六七八九十百千万壹贰叁肆伍陆柒捌玖拾佰仟]{1,8}章.{0,30}$(?=[\\s　]{0,8}第[\\d零一二两三四五六七八九十百千万壹贰叁肆伍陆柒捌玖拾佰仟]{1,8}章)',
    enabled: false,
  },
  {
    id: 19,
    name: '双标题(后向)',
    pattern:
      '(?m)(?<=[ \\t　]{0,4}第[\\d〇零一二两三四五六七八九十百千万壹贰叁肆伍陆柒捌玖拾佰仟]{1,8}章.{0,30}$[\\s　]{0,8})第[\\d零一二两三四五六七八九十百千万壹贰叁肆伍陆柒捌玖拾佰仟]{1,8}章.{0,30}$',
    enabled: false,
  },
  {
    id: 20,
    name: '书名 括号 序号',
    pattern:
      '^[一-龥]{1,20}[ 　\\t]{0,4}[(（][\\d〇零一二两三四五六七八九十百千万壹贰叁肆伍陆柒捌玖拾佰仟]{1,8}[)）][ 　\\t]{0,4}$',
    enabled: true,
  },
  {
    id: 21,
    name: '书名 序号',
    pattern:
      '^[一-龥]{1,20}[ 　\\t]{0,4}[\\d〇零一二两三四五六七八九十百千万壹贰叁肆伍陆柒捌玖拾佰仟]{1,8}[ 　\\t]{0,4}$',
    enabled: true,
  },
  {
    id: 22,
    name: '特定字符 标题 特定符号',
    pattern: '(?<=\\={3,6}).{1,40}?(?=\\=)',
    enabled: false,
  },
  {
    id: 23,
    name: '字数分割 分节阅读',
    pattern:
      '(?<=[ 　\\t]{0,4})(?:.{0,15}分[页节章段]阅读[-_ ]|第\\s{0,4}[\\d零一二两三四五六七八九十百千万]{1,6}\\s{0,4}[页节]).{0,30}$',
    enabled: true,
  },
  {
    id: 24,
    name: '通用规则',
    pattern:
      '(?im)^.{0,6}(?:[引楔]子|正文(?!完|结)|[引序前]言|[序终]章|扉页|[上中下][部篇卷]|卷首语|后记|尾声|番外|={2,4}|第\\s{0,4}[\\d〇零一二两三四五六七八九十百千万壹贰叁肆伍陆柒捌玖拾佰仟]+?\\s{0,4}(?:章|节(?!课)|卷|页[、 　]|集(?![合和])|部(?![分是门落])|篇(?!张))).{0,40}$|^.{0,6}[\\d〇零一二两三四五六七八九十百千万壹贰叁肆伍陆柒捌玖拾佰仟a-z]{1,8}[、. 　].{0,20}$',
    enabled: false,
  },
];
