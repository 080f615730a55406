// One config, three tiers: unit specs beside the code, medium tests against a real database,
// e2e tests against the booted app. Aliases mirror tsconfig.json's paths.
const swc = JSON.parse(require('fs').readFileSync(`${__dirname}/.swcrc`, 'utf8'));

module.exports = {
  rootDir: '.',
  testEnvironment: 'node',
  testMatch: ['<rootDir>/{apps,libs}/**/*.spec.ts', '<rootDir>/test/**/*.test.ts'],
  // Dynamic import() stays native so ESM-only packages (node-pg-migrate, parts of PGlite) load as ESM;
  // that needs Node's --experimental-vm-modules, which `npm test` sets.
  transform: {
    '^.+\\.ts$': ['@swc/jest', { ...swc, swcrc: false, module: { ...swc.module, ignoreDynamic: true } }],
  },
  moduleNameMapper: {
    '^@app/(core|rag|slm|agents|conversations)$': '<rootDir>/libs/$1/src',
    '^@app/(core|rag|slm|agents|conversations)/(.*)$': '<rootDir>/libs/$1/src/$2',
  },
  testTimeout: 60_000,
  reporters: ['default', '<rootDir>/test/support/summary-reporter.js'],
};
