/** @type {import('jest').Config} */
module.exports = {
  // One run for everything: the application's tests, and each workspace package's own (its jest.config.js).
  projects: [
    {
      displayName: 'ticketflow',
      testEnvironment: 'node',
      transform: {
        '^.+\\.tsx?$': ['@swc/jest', { jsc: { target: 'es2022' } }],
        // ESM-only dependencies (light-my-request's cookie, @fastify/send's content-disposition)
        // compiled to CommonJS for jest's module system; Node itself loads them natively.
        '^.+/node_modules/(cookie|content-disposition)/.+\\.js$': [
          '@swc/jest',
          { jsc: { target: 'es2022' }, module: { type: 'commonjs' } },
        ],
      },
      transformIgnorePatterns: ['/node_modules/(?!(cookie|content-disposition)/)'],
      testMatch: ['<rootDir>/test/**/*.test.ts'],
      globalSetup: '<rootDir>/test/support/global-setup.ts',
      globalTeardown: '<rootDir>/test/support/global-teardown.ts',
      setupFiles: ['<rootDir>/test/support/env.ts'],
    },
    '<rootDir>/packages/telegram-emulator',
  ],
  testTimeout: 60_000,
  maxWorkers: 2,
};
