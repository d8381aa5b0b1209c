import js from '@eslint/js';
import tseslint from 'typescript-eslint';

/** Patterns every file follows. */
const COMMON_PATTERNS = [
  { regex: '^(fp-ts|io-ts)/(?!lib/[^/]+\\.js$)', message: 'Import fp-ts/io-ts through lib/*.js paths (Node 20 ESM).' },
  { regex: '^rxjs/internal/', message: 'Use public RxJS only.' },
];

/**
 * The layers, bottom first, and what each may import (docs/architecture.md explains them). Imports only point down:
 * a folder may import itself and the folders it lists, nothing else of this package.
 */
const LAYERS = {
  errors: [],
  util: ['errors'],
  model: ['errors', 'util'],
  logging: ['errors'],
  retry: ['errors', 'model'],
  http: ['errors', 'util'],
  session: ['errors', 'util'],
  operators: ['errors', 'model', 'retry'],
  web: ['errors', 'util', 'model', 'logging', 'retry', 'http', 'session'],
  device: ['errors', 'util', 'model', 'logging', 'retry', 'session'],
  ilink: ['errors', 'util', 'model', 'logging', 'retry', 'http', 'session'],
  redis: ['errors', 'util', 'model', 'logging', 'retry', 'session'],
  fleet: ['errors', 'util', 'model', 'logging', 'retry', 'http', 'session', 'web', 'device', 'ilink', 'redis'],
  testing: ['errors', 'util', 'model', 'logging', 'retry', 'http', 'session', 'operators', 'web', 'device', 'ilink', 'redis', 'fleet'],
  cli: ['errors', 'util', 'model', 'logging', 'retry', 'http', 'session', 'operators', 'web', 'device', 'ilink', 'redis', 'fleet', 'testing'],
};
const NAMES = Object.keys(LAYERS);
const folderOf = (layer) => (layer === 'operators' ? 'operators' : `src/${layer}`);

/** A relative import that climbs out of the file's folder into `layer`. */
function reaching(layer, fromLayer) {
  if (fromLayer === 'operators') return layer === 'operators' ? [] : [`^\\.\\./src/${layer}/`];
  return layer === 'operators' ? ['^(\\.\\./)+operators/'] : [`^(\\.\\./)+${layer}/`];
}

function layerRules(layer, extra = []) {
  const forbidden = NAMES.filter((name) => name !== layer && !LAYERS[layer].includes(name));
  const upward = forbidden.flatMap((name) =>
    reaching(name, layer).map((regex) => ({ regex, message: `${folderOf(layer)} may not import ${folderOf(name)}: imports only point down.` })),
  );
  return { 'no-restricted-imports': ['error', { patterns: [...COMMON_PATTERNS, ...upward, ...extra] }] };
}

/** What keeps a protocol core pure: no I/O, no transport, no clock, no randomness. */
const NO_IO = [
  { regex: '^node:(http|https|net|fs|fs/promises|child_process|timers)$', message: 'A pure core does no I/O.' },
  { regex: '^(ky|tough-cookie|undici)$', message: 'A pure core has no transport.' },
];
const PURE_IMPORTS = [...NO_IO, { regex: '^rxjs$', message: 'A pure core has no streams.' }];
const PURE_RULES = {
  'no-restricted-globals': ['error', 'setTimeout', 'setInterval', 'fetch', 'process'],
  'no-restricted-properties': [
    'error',
    { object: 'Date', property: 'now', message: 'A pure core takes the time as a parameter.' },
    { object: 'Math', property: 'random', message: 'A pure core takes randomness as a parameter.' },
  ],
};

export default tseslint.config(
  { ignores: ['dist/**', 'coverage/**', 'docs/api/**', 'node_modules/**', '.readme-examples/**', '.scratch/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      'no-restricted-imports': ['error', { patterns: COMMON_PATTERNS }],
      'no-eval': 'error',
      'no-implied-eval': 'error',
      'no-new-func': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  ...NAMES.map((layer) => ({ files: [`${folderOf(layer)}/**/*.ts`], rules: layerRules(layer) })),
  {
    files: ['src/index.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            ...COMMON_PATTERNS,
            { regex: '^\\./(device|ilink|redis|fleet|testing|cli)/', message: 'The root entry loads the Web client only: the device protocol is wechat-rx/device, iLink is wechat-rx/ilink, Redis is wechat-rx/redis.' },
          ],
        },
      ],
    },
  },
  {
    // The model describes streams (the BotClient contract) but runs none: rxjs types only, by convention.
    files: ['src/model/**/*.ts'],
    rules: { ...layerRules('model', NO_IO), ...PURE_RULES },
  },
  {
    files: ['src/web/protocol/**/*.ts'],
    rules: {
      ...layerRules('web', [
        ...PURE_IMPORTS,
        { regex: '^(\\.\\./)+(client|session|media|contacts)/', message: 'src/web/protocol is the pure core: nothing of the Web client above it.' },
        { regex: '^(\\.\\./)+http/(?!request\\.js$)', message: 'A pure core may name requests (http/request.js), never send them.' },
      ]),
      ...PURE_RULES,
    },
  },
  {
    files: ['src/ilink/protocol/**/*.ts'],
    rules: {
      ...layerRules('ilink', [
        ...PURE_IMPORTS,
        { regex: '^(\\.\\./)+(client|session|media)/', message: 'src/ilink/protocol is the pure core: nothing of the iLink client above it.' },
        { regex: '^(\\.\\./)+http/(?!request\\.js$)', message: 'A pure core may name requests (http/request.js), never send them.' },
      ]),
      ...PURE_RULES,
    },
  },
);
