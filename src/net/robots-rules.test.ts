import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { RobotsRules } from './robots-rules.ts';
import {
  escapePattern,
  fromByteString,
  isValidUserAgentToObey,
  parseRobots,
  pathParamsQuery,
  patternMatches,
  toByteString,
} from './robots-matcher.ts';
import { sharedData, sharedDataSkip } from '../../test/support/outside-material.ts';

interface Cases {
  allowed: {
    test: string;
    robotstxt: string;
    user_agent: string;
    url: string;
    expected_allowed: boolean;
  }[];
  valid_user_agent: { user_agent: string; expected_valid: boolean }[];
  path_params_query: { url: string; expected: string }[];
  escape_pattern: { pattern: string; expected: string }[];
  parse_stats: {
    test: string;
    robotstxt: string;
    robotstxt_base64?: string;
    expect: {
      valid_directives?: number;
      unknown_directives?: number;
      last_line_seen?: number;
      sitemap?: string;
    };
  }[];
}
const casesSkip = sharedDataSkip('robotstxt/google-robotstxt-cases.json');
const cases = (
  casesSkip
    ? {}
    : JSON.parse(readFileSync(sharedData('robotstxt/google-robotstxt-cases.json'), 'utf8'))
) as Cases;

describe("Google's robots.txt matcher cases", { skip: casesSkip }, () => {
  test('all 145 allow/deny cases agree with Google', () => {
    assert.equal(cases.allowed.length, 145);
    const failures = cases.allowed.filter(
      (c) => new RobotsRules(c.robotstxt).check(c.url, c.user_agent).allowed !== c.expected_allowed,
    );
    assert.deepEqual(
      failures.map((f) => `${f.test}: ${f.user_agent} ${f.url}`),
      [],
    );
  });

  test('valid user agents to obey', () => {
    for (const c of cases.valid_user_agent) {
      assert.equal(isValidUserAgentToObey(c.user_agent), c.expected_valid, JSON.stringify(c));
    }
  });

  test('path, params and query of a URL', () => {
    for (const c of cases.path_params_query)
      assert.equal(pathParamsQuery(c.url), c.expected, c.url);
  });

  test('pattern escaping', () => {
    for (const c of cases.escape_pattern) {
      assert.equal(fromByteString(escapePattern(toByteString(c.pattern))), c.expected);
    }
  });

  test('parse statistics: line numbers, byte order marks, sitemaps', () => {
    for (const c of cases.parse_stats) {
      const body = c.robotstxt_base64
        ? Buffer.from(c.robotstxt_base64, 'base64').toString('latin1')
        : toByteString(c.robotstxt);
      let valid = 0;
      let unknown = 0;
      let last = 0;
      let sitemap = '';
      const seen = (line: number) => {
        last = line;
        valid++;
      };
      parseRobots(body, {
        userAgent: seen,
        allow: seen,
        disallow: seen,
        sitemap: (line, value) => {
          seen(line);
          sitemap += value;
        },
        unknown: (line) => {
          last = line;
          unknown++;
        },
      });
      const e = c.expect;
      if (e.valid_directives !== undefined) assert.equal(valid, e.valid_directives, c.test);
      if (e.unknown_directives !== undefined) assert.equal(unknown, e.unknown_directives, c.test);
      if (e.last_line_seen !== undefined) assert.equal(last, e.last_line_seen, c.test);
      if (e.sitemap !== undefined) assert.equal(sitemap, e.sitemap, c.test);
    }
  });
});

describe('robots rules extras', () => {
  test('crawl-delay: specific group first, then the global one', () => {
    const rules = new RobotsRules(
      'User-agent: *\nCrawl-delay: 5\n\nUser-agent: Linhai\nCrawl-delay: 1.5\nDisallow: /x\n',
    );
    assert.equal(rules.crawlDelayMs('Linhai'), 1500);
    assert.equal(rules.crawlDelayMs('Other'), 5000);
    assert.equal(new RobotsRules('User-agent: *\nDisallow:\n').crawlDelayMs('Linhai'), undefined);
  });

  test('the verdict names the deciding rule', () => {
    const v = new RobotsRules('User-agent: *\nDisallow: /private\n').check(
      'http://a.b/private/1',
      'Linhai',
    );
    assert.deepEqual(v, { allowed: false, rule: 'Disallow: /private' });
  });

  test('property: a literal pattern matches exactly the paths it prefixes', () => {
    const seg = fc.stringMatching(/^[a-z0-9/]{0,12}$/);
    fc.assert(
      fc.property(seg, seg, (a, b) => {
        const path = '/' + a;
        const pattern = '/' + b;
        assert.equal(patternMatches(path, pattern), path.startsWith(pattern));
        assert.equal(patternMatches(path, pattern + '$'), path === pattern);
        assert.equal(patternMatches(path, '/*'), true);
      }),
    );
  });
});
