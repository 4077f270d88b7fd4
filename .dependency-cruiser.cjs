/**
 * The layer rule, checked by `npm run lint:layers` (part of `npm test`): a module imports only modules of its own layer
 * or of layers below it, and no two modules import each other, directly or round a circle. Types count: an
 * `import type` is an arrow too. Top to bottom, the order docs/architecture.md walks through.
 */
const LAYERS = [
  ['entry points', '^(bin|bench|src/cli)/'],
  ['web app', '^src/web/'],
  ['exporters', '^src/exports/'],
  ['connection diagnosis', '^src/diagnose/'],
  ['Temporal host (client, worker, schedules, dev server)', '^src/temporal/'],
  ['workflows', '^workflows/'],
  ['activities', '^activities/'],
  ['HTML helpers', '^src/html/'],
  ['read side', '^src/read-model/'],
  ['collector', '^src/collector/'],
  ['webhooks (events outbox, signed deliveries)', '^src/webhooks/'],
  ['Temporal contract', '^src/temporal-contract[.]ts$'],
  ['evidence', '^src/evidence/'],
  ['store', '^src/store/'],
  ['configuration', '^src/config/'],
  ['Iru client', '^src/iru/'],
  ['leaves (failures, logging, notify, simulator)', '^src/(failures|logging|notify|simulator)/'],
];

/** Layers that sit side by side: neither may import the other. */
const SIBLINGS = [
  ['read side', 'collector'],
  ['read side', 'activities'],
  ['read side', 'workflows'],
];

const pathOf = (name) => LAYERS.find(([layer]) => layer === name)[1];

const upward = LAYERS.flatMap(([lower, lowerPath], index) =>
  LAYERS.slice(0, index).map(([higher, higherPath]) => ({
    name: 'layer-upward',
    comment: `${lower} must not import ${higher}: imports run one way, from the entry points down to the Iru client`,
    severity: 'error',
    from: { path: lowerPath },
    to: { path: higherPath },
  })),
);

const sideways = SIBLINGS.flatMap(([a, b]) => [
  [a, b],
  [b, a],
]).map(([from, to]) => ({
  name: 'layer-sideways',
  comment: `${from} and ${to} sit side by side: neither imports the other`,
  severity: 'error',
  from: { path: pathOf(from) },
  to: { path: pathOf(to) },
}));

module.exports = {
  forbidden: [
    { name: 'no-circular', comment: 'modules that import each other, directly or round a circle', severity: 'error', from: {}, to: { circular: true } },
    {
      name: 'product-not-to-test',
      comment: 'the product and the bench never import test code',
      severity: 'error',
      from: { pathNot: '^test/' },
      to: { path: '^test/' },
    },
    ...upward,
    ...sideways,
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '^node_modules' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: { extensions: ['.ts', '.js', '.mjs'] },
  },
};
