// Module boundaries, checked in CI by `npm run depcheck` (dependency-cruiser).
// See docs/architecture.md for what each module owns and may import.
const API = '^apps/api/src/';

/** What each feature may import of the others (docs/architecture.md); infrastructure is open to all. */
const MAY_IMPORT = {
  auth: [],
  users: ['auth'],
  teams: [],
  audit: [],
  documents: [],
  notifications: [],
  reports: ['teams', 'audit'],
  collab: ['reports', 'auth', 'audit', 'documents'],
  versions: ['reports', 'collab', 'audit', 'documents'],
  workflow: ['reports', 'collab', 'versions', 'notifications', 'auth', 'audit'],
  comments: ['reports', 'collab', 'notifications', 'audit'],
  content: ['reports', 'collab', 'teams', 'workflow', 'audit', 'documents'],
};
const FEATURES = Object.keys(MAY_IMPORT).join('|');

const allowedImports = Object.entries(MAY_IMPORT).map(([feature, allowed]) => {
  const others = Object.keys(MAY_IMPORT).filter((f) => f !== feature && !allowed.includes(f));
  return {
    name: `${feature}-imports`,
    comment: `${feature} may import ${allowed.length > 0 ? allowed.join(', ') : 'no other feature'} (docs/architecture.md).`,
    severity: 'error',
    from: { path: `${API}${feature}/` },
    to: { path: `${API}(${others.join('|')})/` },
  };
});

module.exports = {
  forbidden: [
    ...allowedImports,
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
