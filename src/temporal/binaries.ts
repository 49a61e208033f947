import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';

export interface TemporalBinaries {
  /** Temporal CLI (`temporal server start-dev`), or undefined to let the SDK download it. */
  cli?: string;
  /** Time-skipping test server, or undefined to let the SDK download it. */
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
