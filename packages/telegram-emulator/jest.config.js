/** @type {import('jest').Config} */
module.exports = {
  displayName: 'telegram-emulator',
  testEnvironment: 'node',
  transform: { '^.+\\.ts$': ['@swc/jest', { jsc: { target: 'es2022' } }] },
  testMatch: ['<rootDir>/test/**/*.test.ts'],
};
