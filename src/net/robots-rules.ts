/**
 * A parsed robots.txt that answers "may this agent fetch this URL?" with Google's semantics:
 * the most specific matching group wins, the longest matching rule wins inside it, allow wins ties.
 * The directives are parsed once and replayed per question (cheap: a few dozen lines).
 */
import {
  extractUserAgent,
  parseRobots,
  pathParamsQuery,
  patternMatches,
  toByteString,
} from './robots-matcher.ts';

type Directive =
  | { type: 'agent'; value: string }
  | { type: 'allow' | 'disallow'; value: string }
  | { type: 'crawl-delay'; value: string };

export interface RobotsVerdict {
  readonly allowed: boolean;
  /** The rule that decided, e.g. "Disallow: /private" (empty when nothing matched). */
  readonly rule: string;
}

export class RobotsRules {
  private readonly directives: Directive[] = [];
  readonly sitemaps: string[] = [];

  /** `body` is the robots.txt text as decoded UTF-8 (or raw bytes). */
  constructor(body: string | Uint8Array) {
    const bytes =
      typeof body === 'string' ? toByteString(body) : Buffer.from(body).toString('latin1');
    parseRobots(bytes, {
      userAgent: (_l, value) => this.directives.push({ type: 'agent', value }),
      allow: (_l, value) => this.directives.push({ type: 'allow', value }),
      disallow: (_l, value) => this.directives.push({ type: 'disallow', value }),
      sitemap: (_l, value) => this.sitemaps.push(value),
      unknown: (_l, key, value) => {
        if (key.toLowerCase() === 'crawl-delay')
          this.directives.push({ type: 'crawl-delay', value });
      },
    });
  }

  /** Google's `AllowedByRobots` for one agent token (e.g. "Linhai"). */
  check(url: string, agent: string): RobotsVerdict {
    const path = pathParamsQuery(toByteString(url));
    const best = {
      allowSpecific: { p: -1, rule: '' },
      disallowSpecific: { p: -1, rule: '' },
      allowGlobal: { p: -1, rule: '' },
      disallowGlobal: { p: -1, rule: '' },
    };
    const state = { global: false, specific: false, everSpecific: false, separator: false };
    const wanted = agent.toLowerCase();
    const handleRule = (kind: 'allow' | 'disallow', pattern: string): void => {
      if (!state.global && !state.specific) return;
      state.separator = true;
      if (patternMatches(path, pattern)) {
        const slot = state.specific
          ? kind === 'allow'
            ? best.allowSpecific
            : best.disallowSpecific
          : kind === 'allow'
            ? best.allowGlobal
            : best.disallowGlobal;
        if (slot.p < pattern.length) {
          slot.p = pattern.length;
          slot.rule = `${kind === 'allow' ? 'Allow' : 'Disallow'}: ${pattern}`;
        }
      } else if (kind === 'allow') {
        // Google: "/index.htm(l)" also allows its directory ("/dir/index.html" → "/dir/$").
        const slash = pattern.lastIndexOf('/');
        if (slash >= 0 && pattern.slice(slash).startsWith('/index.htm')) {
          handleRule('allow', pattern.slice(0, slash + 1) + '$');
        }
      }
    };
    for (const d of this.directives) {
      if (d.type === 'agent') {
        if (state.separator) state.global = state.specific = state.separator = false;
        const v = d.value;
        // "*" alone, or followed by whitespace, names the global group.
        if (v.startsWith('*') && (v.length === 1 || /\s/.test(v[1]!))) {
          state.global = true;
        } else if (extractUserAgent(v).toLowerCase() === wanted) {
          state.specific = state.everSpecific = true;
        }
      } else if (d.type === 'allow' || d.type === 'disallow') {
        handleRule(d.type, d.value);
      }
    }
    const s = best;
    if (s.allowSpecific.p > 0 || s.disallowSpecific.p > 0) {
      const disallowed = s.disallowSpecific.p > s.allowSpecific.p;
      return {
        allowed: !disallowed,
        rule: (disallowed ? s.disallowSpecific : s.allowSpecific).rule,
      };
    }
    if (state.everSpecific) return { allowed: true, rule: '' };
    if (s.allowGlobal.p > 0 || s.disallowGlobal.p > 0) {
      const disallowed = s.disallowGlobal.p > s.allowGlobal.p;
      return { allowed: !disallowed, rule: (disallowed ? s.disallowGlobal : s.allowGlobal).rule };
    }
    return { allowed: true, rule: '' };
  }

  /** Crawl-delay in ms for the agent's group (specific first, then "*"); undefined when none. */
  crawlDelayMs(agent: string): number | undefined {
    let inSpecific = false;
    let inGlobal = false;
    let afterRules = false;
    let specific: number | undefined;
    let global: number | undefined;
    const wanted = agent.toLowerCase();
    for (const d of this.directives) {
      if (d.type === 'agent') {
        if (afterRules) inSpecific = inGlobal = afterRules = false;
        if (d.value.startsWith('*')) inGlobal = true;
        else if (extractUserAgent(d.value).toLowerCase() === wanted) inSpecific = true;
        continue;
      }
      afterRules = true;
      if (d.type !== 'crawl-delay') continue;
      const seconds = Number.parseFloat(d.value);
      if (!Number.isFinite(seconds) || seconds < 0) continue;
      if (inSpecific) specific ??= seconds * 1000;
      else if (inGlobal) global ??= seconds * 1000;
    }
    return specific ?? global;
  }
}
