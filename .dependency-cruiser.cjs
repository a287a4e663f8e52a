/** The layers of limebridge (ARCHITECTURE.md), checked in CI: `npm run lint:deps`. */
const TESTS = '(\\.test\\.ts|/test-[a-z-]+\\.ts)$';

module.exports = {
  forbidden: [
    { name: 'no-circular', severity: 'error', from: {}, to: { circular: true } },
    {
      name: 'core-is-pure',
      comment: 'The core decides; it does no I/O and knows no system, store, queue or server.',
      severity: 'error',
      from: { path: '^src/core/', pathNot: TESTS },
      to: {
        path: [
          '^src/(connectors|flows|store|queue|server|cli)/',
          '^src/(hub|config|log)\\.ts$',
          '^(sandbox|demo|test)/',
          '^node:(fs|net|http|https|child_process|dgram|dns|tls)$',
          '^(fs|net|http|https|child_process)$',
        ],
      },
    },
    {
      name: 'connectors-only-encode-and-decode',
      severity: 'error',
      from: { path: '^src/connectors/', pathNot: TESTS },
      to: { path: ['^src/(flows|store|queue|server|cli)/', '^src/(hub|config)\\.ts$'] },
    },
    {
      name: 'no-connector-imports-another',
      severity: 'error',
      from: { path: '^src/connectors/([^/]+)/', pathNot: TESTS },
      to: { path: '^src/connectors/([^/]+)/', pathNot: ['^src/connectors/$1/', '^src/connectors/shared/'] },
    },
    {
      name: 'only-the-registry-names-crm-connectors',
      severity: 'error',
      from: {
        path: '^src/',
        pathNot: ['^src/connectors/(amocrm|bitrix24)/', '^src/connectors/registry\\.ts$', TESTS],
      },
      to: { path: '^src/connectors/(amocrm|bitrix24)/' },
    },
    {
      name: 'flows-do-not-know-the-queue-or-server',
      severity: 'error',
      from: { path: '^src/flows/', pathNot: TESTS },
      to: { path: ['^src/(queue|server|cli)/', '^src/hub\\.ts$'] },
    },
    {
      name: 'store-is-below-the-flows',
      severity: 'error',
      from: { path: '^src/store/', pathNot: TESTS },
      to: { path: ['^src/(flows|queue|server|cli)/'] },
    },
    {
      name: 'queue-below-server-and-cli',
      severity: 'error',
      from: { path: '^src/queue/', pathNot: TESTS },
      to: { path: ['^src/(server|cli)/'] },
    },
    {
      name: 'production-code-does-not-import-sandboxes-or-tests',
      severity: 'error',
      from: { path: '^src/', pathNot: TESTS },
      to: { path: '^(sandbox|demo|test|bench)/' },
    },
    {
      name: 'sandboxes-do-not-inherit-our-bugs',
      severity: 'error',
      from: { path: '^sandbox/' },
      to: { path: '^(src|demo|test|bench)/' },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: ['node_modules', 'dashboard/dist'] },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default'],
    },
  },
};
