import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['dist/**', 'coverage/**', 'docs/api/**', 'node_modules/**', '.readme-examples/**', '.scratch/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { regex: '^(fp-ts|io-ts)/(?!lib/[^/]+\\.js$)', message: 'Import fp-ts/io-ts through lib/*.js paths (Node 20 ESM).' },
            { regex: '^rxjs/internal/', message: 'Use public RxJS only.' },
          ],
        },
      ],
      'no-eval': 'error',
      'no-implied-eval': 'error',
      'no-new-func': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    files: ['src/protocol/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { regex: '^node:(http|https|net|fs|fs/promises|child_process|timers)$', message: 'src/protocol is pure: no I/O.' },
            { regex: '^(ky|tough-cookie|rxjs)$', message: 'src/protocol is pure: no transport or streams.' },
            { regex: '^\\.\\./(client|http|session|media|testing|cli)/', message: 'src/protocol depends on nothing above it.' },
            { regex: '^(fp-ts|io-ts)/(?!lib/[^/]+\\.js$)', message: 'Import fp-ts/io-ts through lib/*.js paths (Node 20 ESM).' },
          ],
        },
      ],
      'no-restricted-globals': ['error', 'setTimeout', 'setInterval', 'fetch', 'process'],
      'no-restricted-properties': [
        'error',
        { object: 'Date', property: 'now', message: 'src/protocol is pure: take the time as a parameter.' },
        { object: 'Math', property: 'random', message: 'src/protocol is pure: take randomness as a parameter.' },
      ],
    },
  },
);
