// @ts-check
// The layer table of docs/architecture.md, enforced by `npm run lint` (dependency-cruiser).
// Each layer lists the layers it may import; anything else under src/, activities/, workflows/ or migrations/
// is a violation. Some layers may see another only through `import type` (erased at run time, so the
// dependency exists for the reader but not for the process). Today's violations are recorded in
// .dependency-cruiser-known-violations.json (`npm run lint:deps:baseline`); that list may only shrink.

/** Path patterns of each layer (paths relative to the repository root). */
const layer = {
  domain: '^src/domain/',
  contracts: '^src/contracts/',
  // config, logger and metrics: the base every layer but the pure ones may use.
  base: '^(src/config/|src/logger[.]ts$|src/observability/)',
  // Infrastructure adapters.
  db: '^(src/db/|migrations/)',
  redis: '^src/redis/',
  // The Redis key builders (pure strings, part of redis/): the adapters that write Redis keys themselves see them too.
  redisKeys: '^src/redis/keys[.]ts$',
  telegram: '^src/telegram/',
  i18n: '^src/i18n/',
  temporal: '^src/temporal/',
  deps: '^src/deps[.]ts$',
  reads: '^src/reads/',
  ui: '^src/(ui|stats)/',
  notify: '^src/notify/',
  services: '^src/services/',
  workflows: '^workflows/',
  activities: '^activities/',
  bot: '^src/bot/',
  http: '^src/http/',
  // Composition roots see everything; nothing imports them.
  roots: '^(src/(app|worker|dev|system|bootstrap|temporal-worker|schedules)[.]ts$|src/sandbox/)',
  // The Telegram Bot API fake: its own workspace package, out of the production build.
  emulator: '^packages/telegram-emulator/',
};

const project = '^(src|activities|workflows|migrations|packages/telegram-emulator)/';
const infra = ['db', 'redis', 'telegram', 'i18n', 'temporal', 'deps'];

/**
 * layer → { values: layers it may import, types: layers it may import with `import type` only,
 * npm: (optional) the only packages it may import, unset = any; npmTypes: packages it may import as types only }.
 */
const table = {
  domain: { values: [], types: [], npm: [] },
  contracts: {
    values: ['domain'],
    types: [],
    npm: ['@temporalio/common', '@temporalio/workflow'],
    npmTypes: ['grammy'],
  },
  base: { values: [], types: [] },
  ...Object.fromEntries(infra.map((name) => [name, { values: ['base', 'domain', ...infra], types: [] }])),
  // The Temporal adapter registers and checks the search attributes the contracts define.
  temporal: { values: ['base', 'domain', 'contracts', ...infra], types: [] },
  reads: { values: ['domain', 'db', 'redis', 'base'], types: ['deps'] },
  ui: { values: ['domain', 'base'], types: ['contracts', 'reads', 'i18n'] },
  notify: {
    values: ['reads', 'ui', 'telegram', 'db', 'redis', 'i18n', 'contracts', 'domain', 'base'],
    types: ['deps'],
  },
  services: {
    values: ['domain', 'contracts', 'db', 'redis', 'temporal', 'reads', 'notify', 'base'],
    types: ['workflows', 'deps'],
  },
  // Workflow code runs in Temporal's deterministic sandbox: no Node built-ins, no I/O libraries.
  workflows: {
    values: ['domain', 'contracts'],
    types: ['activities'],
    npm: ['@temporalio/workflow', '@temporalio/common'],
  },
  activities: {
    values: ['domain', 'contracts', 'db', 'redis', 'telegram', 'i18n', 'reads', 'ui', 'notify', 'base'],
    types: ['deps'],
  },
  // The bot is a Telegram adapter: it reads Telegram's failures through the one classification (telegram/delivery).
  bot: {
    values: ['services', 'reads', 'ui', 'i18n', 'telegram', 'redisKeys', 'domain', 'base'],
    types: ['contracts', 'deps'],
  },
  http: { values: ['services', 'reads', 'redisKeys', 'domain', 'base'], types: ['contracts', 'deps'] },
  emulator: { values: [], types: [] },
};

const either = (names) => names.map((name) => layer[name]);

/** @type {import('dependency-cruiser').IForbiddenRuleType[]} */
const layerRules = Object.entries(table).flatMap(([name, { values, types, npm, npmTypes = [] }]) => {
  const rules = [
    {
      name: `${name}-imports`,
      comment: `${name} may import ${values.join(', ') || 'nothing'}${types.length ? ` (and types of ${types.join(', ')})` : ''}`,
      severity: 'error',
      from: { path: layer[name] },
      to: { path: project, pathNot: [layer[name], ...either(values), ...either(types)] },
    },
  ];
  if (types.length > 0)
    rules.push({
      name: `${name}-type-only`,
      comment: `${name} may see ${types.join(', ')} only through import type`,
      severity: 'error',
      from: { path: layer[name] },
      to: { path: either(types), pathNot: [layer[name], ...either(values)], dependencyTypesNot: ['type-only'] },
    });
  if (npm)
    rules.push({
      name: `${name}-packages`,
      comment: `${name} may import only ${npm.join(', ') || 'its own folder'} (no Node built-ins, no I/O libraries)`,
      severity: 'error',
      from: { path: layer[name] },
      to: {
        pathNot: [
          project,
          ...npm.map((pkg) => `^node_modules/${pkg}/`),
          ...npmTypes.map((pkg) => `^node_modules/(@types/)?${pkg}/`),
        ],
      },
    });
  if (npmTypes.length > 0)
    rules.push({
      name: `${name}-package-types`,
      comment: `${name} may import ${npmTypes.join(', ')} only through import type`,
      severity: 'error',
      from: { path: layer[name] },
      to: { path: npmTypes.map((pkg) => `^node_modules/${pkg}/`), dependencyTypesNot: ['type-only'] },
    });
  return rules;
});

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      // `import type` edges count: a type cycle is a wrong-way import seen from the other side.
      comment: 'No import cycles, type-only imports included.',
      severity: 'error',
      from: { path: project },
      to: { circular: true },
    },
    {
      name: 'not-to-unresolvable',
      severity: 'error',
      from: {},
      to: { couldNotResolve: true },
    },
    {
      name: 'roots-are-not-imported',
      comment: 'Composition roots see everything; nothing imports them back.',
      severity: 'error',
      from: { pathNot: layer.roots },
      to: { path: layer.roots },
    },
    {
      name: 'emulator-only-in-dev',
      comment: 'The Telegram emulator is a dev/test tool: only the sandbox (a dev root) uses it.',
      severity: 'error',
      from: { path: project, pathNot: [layer.roots, layer.emulator] },
      to: { path: layer.emulator },
    },
    {
      name: 'emulator-not-in-production',
      comment:
        'app and worker (the production image) never load the emulator, not even through a dev root: the build and the image leave it out.',
      severity: 'error',
      from: { path: '^src/(app|worker)[.]ts$' },
      to: { path: layer.emulator, reachable: true },
    },
    ...layerRules,
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '^src/sandbox/public/' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    // Resolve packages as TypeScript does for this CommonJS project (node16): the `require` branch of `exports`.
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['require', 'node', 'types', 'default'],
      extensions: ['.ts', '.js', '.cjs', '.d.ts', '.d.cts', '.json'],
    },
    reporterOptions: { text: { highlightFocused: true } },
  },
};
