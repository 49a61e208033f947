import { randomBytes } from 'node:crypto';
import { Runtime, DefaultLogger } from '@temporalio/worker';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { missingTemporalBinary, temporalBinaries } from '../../src/temporal/binaries';
import { ALL_SEARCH_ATTRIBUTES } from '../../src/contracts/search-attributes';

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
  // Never @temporalio/testing's download (it needs the internet): say what fixes it instead.
  if (!cli) throw new Error(missingTemporalBinary('cli'));
  return TestWorkflowEnvironment.createLocal({
    server: {
      executable: { type: 'existing-path', path: cli },
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
  if (!testServer) throw new Error(missingTemporalBinary('testServer'));
  const env = await TestWorkflowEnvironment.createTimeSkipping({
    server: { executable: { type: 'existing-path', path: testServer } },
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
