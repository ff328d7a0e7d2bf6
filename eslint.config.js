import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import vue from 'eslint-plugin-vue';

// Layer direction (DESIGN.md "Layers"): a layer imports only the layers below it, each through its
// `#alias` door. Every folder under src/ has a row (a test checks that: test/layers.test.ts).
export const layers = {
  model: [],
  rules: ['model'],
  net: ['model'],
  sources: ['model', 'rules', 'net'],
  store: ['model'],
  library: ['model'],
  jobs: ['model', 'library', 'store'],
  export: ['model', 'library'],
  server: ['model', 'library', 'jobs', 'export'],
  demo: ['model'],
  // The composition root: builds every layer below it and hands them to the library's use cases.
  app: ['model', 'rules', 'net', 'sources', 'store', 'library', 'jobs', 'export', 'demo'],
  // The `linhai` command: opens the app (withApp) and prints; `serve` and `demo` start the server.
  cli: [
    'model',
    'rules',
    'net',
    'sources',
    'store',
    'library',
    'jobs',
    'export',
    'server',
    'demo',
    'app',
  ],
};
// Entry points that are composition roots of their own may import `#app` (`linhai serve`).
const entryPoints = ['src/server/main.ts'];
const layerRules = Object.entries(layers).map(([layer, allowed]) => {
  const forbidden = Object.keys(layers).filter((l) => l !== layer && !allowed.includes(l));
  const others = Object.keys(layers).filter((l) => l !== layer);
  const message = (l) => `${layer} must not import ${l} (DESIGN.md layers)`;
  return {
    files: [`src/${layer}/**/*.ts`],
    ignores: ['**/*.test.ts', ...entryPoints],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          // `paths`, not `patterns`, for the doors: a pattern starting with `#` is a comment in
          // the gitignore syntax patterns use, so `#store` there would match nothing.
          paths: forbidden.map((l) => ({ name: `#${l}`, message: message(l) })),
          patterns: others.map((l) => ({
            group: [`../${l}/*`, `../../${l}/*`, `../../../${l}/*`],
            message: allowed.includes(l)
              ? `${layer} imports ${l} through its door #${l}, not its files (DESIGN.md layers)`
              : message(l),
          })),
        },
      ],
    },
  };
});

export default tseslint.config(
  { ignores: ['node_modules/', 'dist/', 'web/dist/', 'test-artifacts/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { process: 'readonly', console: 'readonly' } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
    },
  },
  ...layerRules,
  {
    // The web app talks to the server over HTTP; from src/ it takes only the API's schemas, as
    // types (web/src/api/types.ts), so no server code reaches the bundle, and the one pure
    // Chinese-numeral parser the chapter drawer shares with the alignment.
    files: ['web/**/*.ts', 'web/**/*.vue'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              regex:
                '(^|/)src/(?!server/schemas(\\.ts$|/)|library/normalize/chinese-numeral\\.ts$)',
              message: 'the web app imports only the API schemas from src/ (web/src/api/types.ts)',
            },
            {
              regex: '(^|/)src/server/schemas(\\.ts$|/)',
              allowTypeImports: true,
              message: 'import the API schemas as types only (import type), never bundled',
            },
          ],
        },
      ],
    },
  },
  // The web app's single-file components: Vue's error-preventing rules (formatting is Prettier's),
  // TypeScript inside <script>; undefined names are vue-tsc's to find.
  ...vue.configs['flat/essential'],
  {
    files: ['web/**/*.vue'],
    languageOptions: { parserOptions: { parser: tseslint.parser } },
    rules: { 'no-undef': 'off' },
  },
);
