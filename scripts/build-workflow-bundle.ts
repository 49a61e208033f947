// Prebuilds the workflow bundles for production images, so workers start without webpack: the
// plain one, and the traced one a worker with tracing on runs (see loadWorkflowBundle).
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { bundleWorkflowCode } from '@temporalio/worker';
import { prebuiltBundleFile, workflowBundleOptions } from '../src/temporal-worker';

async function main(): Promise<void> {
  for (const traced of [false, true]) {
    const { code } = await bundleWorkflowCode(workflowBundleOptions(traced));
    const out = path.resolve(__dirname, '../dist', prebuiltBundleFile(traced));
    writeFileSync(out, code);
    process.stdout.write(`workflow bundle written to ${out}\n`);
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
