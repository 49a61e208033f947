// Prebuilds the workflow bundle for production images, so workers start without webpack.
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { bundleWorkflowCode } from '@temporalio/worker';

async function main(): Promise<void> {
  const { code } = await bundleWorkflowCode({ workflowsPath: require.resolve('../workflows') });
  const out = path.resolve(__dirname, '../dist/workflow-bundle.js');
  writeFileSync(out, code);
  process.stdout.write(`workflow bundle written to ${out}\n`);
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
