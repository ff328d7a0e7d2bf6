import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import vue from 'eslint-plugin-vue';

// Layer direction (DESIGN.md "Layers"): a layer imports only the layers below it.
const layers = {
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
};
// `app` is the composition root: only entry points (cli, server/main.ts) may import it.
const all = [...Object.keys(layers), 'cli', 'app'];
const layerRules = Object.entries(layers).map(([layer, allowed]) => ({
  files: [`src/${layer}/**/*.ts`],
  ignores: ['**/*.test.ts', 'src/server/main.ts'],
  rules: {
    'no-restricted-imports': [
      'error',
      {
        patterns: all
          .filter((l) => l !== layer && !allowed.includes(l))
          .flatMap((l) => [
            { group: [`#${l}`], message: `${layer} must not import ${l} (DESIGN.md layers)` },
            { group: [`**/${l}/*`], message: `${layer} must not import ${l} (DESIGN.md layers)` },
          ]),
      },
    ],
  },
}));

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
  // The web app's single-file components: Vue's error-preventing rules (formatting is Prettier's),
  // TypeScript inside <script>; undefined names are vue-tsc's to find.
  ...vue.configs['flat/essential'],
  {
    files: ['web/**/*.vue'],
    languageOptions: { parserOptions: { parser: tseslint.parser } },
    rules: { 'no-undef': 'off' },
  },
);
