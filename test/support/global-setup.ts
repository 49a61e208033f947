import { randomBytes } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { bundleWorkflowCode } from '@temporalio/worker';
import { createOrm } from '../../src/db/orm';
import { migrate } from '../../src/db/migrate';
import { createDatabase, uniqueName } from './pg';
import { ensureWebBuilt } from './web-build';

/**
 * Once per jest run: a migrated template database (each test file clones its own from it),
 * a run-wide Redis key prefix, the workflow bundle (webpack runs once, not per Worker), and the
 * front-end's build (web/dist) when it is out of date.
 * Values reach the test workers through process.env, which they inherit.
 */
export default async function globalSetup(): Promise<void> {
  const template = uniqueName('tf_test_tpl');
  const url = await createDatabase(template);
  const orm = await createOrm({ clientUrl: url, poolSize: 2 });
  try {
    await migrate(orm, { serialize: true });
  } finally {
    await orm.close(true);
  }
  process.env.TEST_TEMPLATE_DATABASE = template;
  process.env.TEST_REDIS_PREFIX = `tf-test-${randomBytes(4).toString('hex')}:`;

  const { code } = await bundleWorkflowCode({
    workflowsPath: require.resolve('../../workflows'),
    logger: { log() {}, trace() {}, debug() {}, info() {}, warn() {}, error() {} },
  });
  const dir = mkdtempSync(path.join(os.tmpdir(), 'tf-bundle-'));
  const codePath = path.join(dir, 'workflow-bundle.js');
  writeFileSync(codePath, code);
  process.env.TEST_WORKFLOW_BUNDLE = codePath;

  ensureWebBuilt();
}
