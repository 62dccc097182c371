// The linter `npm test` runs (`npm run lint`): type-aware typescript-eslint over src/ and test/.
// It lives here because the project's top level holds only the files the README lists.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', '**/*.js'] },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: {
        // Each folder's own tsconfig (src/core, src/server, src/sw, test) types the files below it.
        projectService: { allowDefaultProject: ['vite.config.ts'] },
        tsconfigRootDir: new URL('../..', import.meta.url).pathname,
      },
    },
    rules: {
      // A dropped promise is how one malformed request once ended the relay.
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
      '@typescript-eslint/switch-exhaustiveness-check': ['error', { considerDefaultExhaustiveForUnions: true }],
      '@typescript-eslint/consistent-type-imports': 'error',
      // A leading underscore marks a value left out on purpose (a field dropped from a copy, say).
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_' },
      ],
      // Models and stores are closures returning plain objects: no method uses `this`, so passing one along is safe.
      '@typescript-eslint/unbound-method': 'off',
      // A variable a callback reads before its one assignment cannot be const.
      'prefer-const': ['error', { ignoreReadBeforeAssign: true }],
      eqeqeq: ['error', 'always'],
      'no-console': ['error', { allow: ['warn', 'error'] }],
    },
  },
  {
    // On a server, a promise nobody awaits is a process that dies on its rejection: `void` does not excuse it.
    files: ['src/server/**/*.ts'],
    rules: { '@typescript-eslint/no-floating-promises': ['error', { ignoreVoid: false }] },
  },
  {
    // Fakes implement async interfaces without awaiting; benchmarks print their figures.
    // Tests read JSON answers as `any` and assert on them; they reject with what browsers reject with (DOMException, an abort reason).
    files: ['test/**/*.{ts,tsx}'],
    rules: {
      '@typescript-eslint/require-await': 'off',
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-return': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/prefer-promise-reject-errors': 'off',
    },
  },
  {
    files: ['test/bench/**/*.ts'],
    rules: { 'no-console': 'off' },
  },
);
