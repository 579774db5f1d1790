// Module boundaries, checked in CI by `npm run depcheck` (dependency-cruiser).
// See docs/architecture.md for what each module owns and may import.
const FEATURES = 'auth|users|teams|reports|collab|workflow|versions|comments|notifications|content|audit';
const API = '^apps/api/src/';

module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      comment: 'Import cycles make modules impossible to read, test or change alone.',
      severity: 'error',
      from: { path: '^(apps|packages)/' },
      to: { circular: true },
    },
    {
      name: 'feature-internals',
      comment:
        'A feature is used through its public surface only: its index.ts (the Nest module, its public service, types), ' +
        'and reports/report-access.ts (the locked read of a report, also run in the update writer thread).',
      severity: 'error',
      from: { path: `${API}([^/]+)/` },
      to: {
        path: `${API}(${FEATURES})/`,
        pathNot: [`${API}$1/`, `${API}[^/]+/index\\.ts$`, `${API}reports/report-access\\.ts$`],
      },
    },
    {
      name: 'infrastructure-below-features',
      comment: 'common, config and database serve every feature and know none of them.',
      severity: 'error',
      from: { path: `${API}(common|config|database)/` },
      to: { path: `${API}(${FEATURES}|health|seed|cli|docs)/` },
    },
    {
      name: 'packages-stand-alone',
      comment: 'packages/* (shared, editor) run in Node and in browsers and know no app.',
      severity: 'error',
      from: { path: '^packages/' },
      to: { path: '^apps/' },
    },
    {
      name: 'apps-apart',
      comment: 'The web app and the API share code only through packages/shared.',
      severity: 'error',
      from: { path: '^apps/(api|web)/' },
      to: { path: '^apps/(api|web)/', pathNot: '^apps/$1/' },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '(^|/)(dist|node_modules)/' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.depcheck.json' },
    enhancedResolveOptions: { extensions: ['.ts', '.tsx', '.js', '.mjs'] },
  },
};
