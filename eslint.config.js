// typescript-eslint (with type information) over every TypeScript source, test and benchmark; prettier
// (.prettierrc.json) owns the layout, so no stylistic rule is switched on here. Runs inside `npm test`.
import js from '@eslint/js';
import globals from 'globals';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'charts/**', 'generated/**', 'types/generated/**', '.mdbkit-dev/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      globals: globals.node,
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      // `_name` marks what is dropped on purpose (a destructured key left out of a copy).
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', ignoreRestSiblings: true }],
      // Control characters in patterns are the point where they appear: escaping terminal colours and XML.
      'no-control-regex': 'off',
      // An async method without await is how a synchronous reader or fake meets a promise-returning interface.
      '@typescript-eslint/require-await': 'off',
    },
  },
  {
    // Tests read fixtures and answers as loosely typed JSON on purpose: asserting on them is the type check.
    files: ['test/**/*.ts'],
    rules: {
      '@typescript-eslint/no-explicit-any': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/no-unsafe-return': 'off',
    },
  },
  {
    files: ['**/*.js', '**/*.cjs', '**/*.mjs'],
    ...tseslint.configs.disableTypeChecked,
  },
);
