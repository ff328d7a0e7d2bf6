import assert from 'node:assert/strict';

/** A search result group as the search stream's `book` events carry it. */
export interface StreamedGroup {
  readonly key: string;
  readonly title: string;
}

/**
 * The group titled `title` in a finished `/api/search` event stream (its `book` events; the last
 * one of a group has all its sources). Fails the test when the search did not find it.
 */
export function groupFromSearchStream(body: string, title: string): StreamedGroup {
  const group = body
    .split('\n\n')
    .filter((block) => block.startsWith('event: book'))
    .map((block) => (JSON.parse(block.split('\ndata: ')[1]!) as { group: StreamedGroup }).group)
    .findLast((g) => g.title === title);
  assert.ok(group, `the search found ${title}`);
  return group;
}
