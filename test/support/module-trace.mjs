// Preloaded with `node --import` by test/cli/lazy-loading.test.ts: writes the path of every
// module the process loaded (ES modules through a load hook, CommonJS ones from the require
// cache) to the file named by LINHAI_MODULE_TRACE when the process exits.
import { appendFileSync, writeFileSync } from 'node:fs';
import { createRequire, register } from 'node:module';

const out = process.env.LINHAI_MODULE_TRACE;
if (out) {
  writeFileSync(out, '');
  register(
    'data:text/javascript,' +
      encodeURIComponent(`
        import { appendFileSync } from 'node:fs';
        let out;
        export function initialize(data) { out = data.out; }
        export async function load(url, context, next) {
          appendFileSync(out, url + '\\n');
          return next(url, context);
        }`),
    { parentURL: import.meta.url, data: { out } },
  );
  const require = createRequire(import.meta.url);
  process.on('exit', () => appendFileSync(out, Object.keys(require.cache).join('\n') + '\n'));
}
