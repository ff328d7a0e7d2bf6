// Where Jayway JsonPath (Legado's engine) departs from the JSONPath consensus: the queries of
// ../shared/data/jsonpath/cburgmer-Java_com.jayway.jsonpath.yaml, with selectors and documents
// from the regression suite, run through the engine as Legado would read them (getElement:
// a definite path gives its value, an indefinite one a list, nothing found gives nothing).
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { isDeepStrictEqual } from 'node:util';
import { parseContent, getElement, createVariableStore } from './index.ts';
import { sharedData, sharedDataSkip } from '../../test/support/outside-material.ts';

const dir = new URL(`file://${sharedData('jsonpath')}/`);

/** Reads the `- id:` lists of these YAML files (one JSON-ish value per line). */
function readEntries(file: string): Map<string, Record<string, string>> {
  const out = new Map<string, Record<string, string>>();
  let cur: Record<string, string> | undefined;
  for (const line of readFileSync(new URL(file, dir), 'utf8').split('\n')) {
    const id = /^ {2}- id: (.+)$/.exec(line);
    if (id) {
      cur = {};
      out.set(id[1]!.trim(), cur);
      continue;
    }
    const kv = /^ {4}(\w+): (.*)$/.exec(line);
    if (kv && cur) cur[kv[1]!] = kv[2]!;
  }
  return out;
}

function value(raw: string | undefined): unknown {
  if (raw === undefined) return undefined;
  try {
    return JSON.parse(raw);
  } catch {
    return raw;
  }
}

async function legadoRead(selector: string, document: unknown): Promise<unknown> {
  const content = parseContent(JSON.stringify(document), 'https://x/', { kind: 'json' });
  return getElement(selector, content, { variables: createVariableStore() });
}

describe(
  'Jayway deviations (cburgmer json-path-comparison)',
  { skip: sharedDataSkip('jsonpath') },
  () => {
    const jayway = readEntries('cburgmer-Java_com.jayway.jsonpath.yaml');
    const suite = readEntries('cburgmer-regression_suite.yaml');

    test('agreement with Jayway is printed; the cases Legado sources rely on hold', async () => {
      let same = 0;
      let compared = 0;
      for (const [id, j] of jayway) {
        const q = suite.get(id);
        if (!q || j.result === 'NOT_SUPPORTED' || q.selector === undefined) continue;
        compared++;
        const want = j.result === 'NOT_FOUND' ? undefined : value(j.result);
        let got: unknown;
        try {
          got = await legadoRead(String(value(q.selector)), value(q.document));
        } catch {
          got = 'ERROR';
        }
        if (isDeepStrictEqual(got ?? undefined, want)) same++;
      }
      console.log(`jayway deviations: engine agrees with Jayway on ${same}/${compared} queries`);
      assert.ok(compared > 50);
    });

    const relied: [id: string, why: string][] = [
      ['dot_notation_without_root_and_dot', 'field rules like `name` on JSON items'],
      ['filter_expression_with_value', '`[?(@.key)]` tests existence, false/null/0 included'],
    ];
    for (const [id, why] of relied) {
      test(`${id}: ${why}`, async () => {
        const q = suite.get(id)!;
        const want = value(jayway.get(id)!.result);
        assert.deepEqual(await legadoRead(String(value(q.selector)), value(q.document)), want);
      });
    }
  },
);
