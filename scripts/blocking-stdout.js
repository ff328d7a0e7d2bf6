// Loaded into every test file's process (npm test: scripts/run-tests.js). A file reports its
// results to the runner over its stdout, a pipe, which Node writes asynchronously on Linux; with
// --test-force-exit the process could exit before its last verdicts left it, and the runner then
// counted fewer tests and still passed (nodejs/node#64833; here jsoup-rule.test.ts lost 3 to 10 of
// its 50 tests in about one run in five). A blocking pipe is written before the process exits.
const handle = /** @type {{ setBlocking?: (on: boolean) => void } | undefined} */ (
  /** @type {any} */ (process.stdout)._handle
);
if (!process.stdout.isTTY && typeof handle?.setBlocking === 'function') handle.setBlocking(true);
