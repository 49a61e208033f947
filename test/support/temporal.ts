import { randomBytes } from 'node:crypto';
import { Runtime, DefaultLogger } from '@temporalio/worker';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { temporalBinaries } from '../../src/temporal/binaries';
import { ALL_SEARCH_ATTRIBUTES } from '../../src/temporal/search-attributes';

// temporal.api.enums.v1.IndexedValueType
const INDEXED_VALUE_TYPE_KEYWORD = 2;
const INDEXED_VALUE_TYPE_INT = 3;

let runtimeInstalled = false;
export function quietTemporalRuntime(): void {
  if (runtimeInstalled) return;
  try {
    Runtime.install({ logger: new DefaultLogger('ERROR'), shutdownSignals: [] });
  } catch {
    // Already installed in this jest worker by an earlier test file.
  }
  runtimeInstalled = true;
}

/** The workflow bundle built once per run by globalSetup. */
export function workflowBundle(): { codePath: string } {
  const codePath = process.env.TEST_WORKFLOW_BUNDLE;
  if (!codePath) throw new Error('TEST_WORKFLOW_BUNDLE is not set: run tests through jest (globalSetup)');
  return { codePath };
}

export function uniqueTaskQueue(name: string): string {
  return `${name}-${randomBytes(4).toString('hex')}`;
}

/** A real Temporal dev server (the CLI binary from scripts/setup-temporal.sh) with our search attributes. */
export async function startDevServer(extraArgs: string[] = []): Promise<TestWorkflowEnvironment> {
  quietTemporalRuntime();
  const { cli } = temporalBinaries();
  return TestWorkflowEnvironment.createLocal({
    server: {
      executable: cli ? { type: 'existing-path', path: cli } : { type: 'cached-download' },
      searchAttributes: ALL_SEARCH_ATTRIBUTES,
      log: { format: 'pretty', level: 'error' },
      extraArgs,
    },
  });
}

/** The time-skipping test server, with our search attributes registered so upserts are accepted. */
export async function startTimeSkippingServer(): Promise<TestWorkflowEnvironment> {
  quietTemporalRuntime();
  const { testServer } = temporalBinaries();
  const env = await TestWorkflowEnvironment.createTimeSkipping({
    server: { executable: testServer ? { type: 'existing-path', path: testServer } : { type: 'cached-download' } },
  });
  await env.connection.operatorService.addSearchAttributes({
    namespace: env.namespace ?? 'default',
    searchAttributes: Object.fromEntries(
      ALL_SEARCH_ATTRIBUTES.map((key) => [
        key.name,
        key.type === 'INT' ? INDEXED_VALUE_TYPE_INT : INDEXED_VALUE_TYPE_KEYWORD,
      ]),
    ),
  });
  return env;
}
