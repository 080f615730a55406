// `npm run build:widget`: bundles the chat widget to dist/widget/widget.js, prints its raw and gzipped
// sizes, and fails when the gzipped size is over the budget.
const { mkdirSync, writeFileSync } = require('node:fs');
const { join } = require('node:path');
const { bundleWidget, gzippedSize, WIDGET_GZIP_BUDGET_BYTES } = require('../apps/widget/widget-build');

const kib = (bytes) => `${(bytes / 1024).toFixed(1)} KiB`;

async function main() {
  const code = await bundleWidget();
  const outDir = join(__dirname, '..', 'dist', 'widget');
  mkdirSync(outDir, { recursive: true });
  writeFileSync(join(outDir, 'widget.js'), code);
  const gzipped = gzippedSize(code);
  process.stdout.write(
    `dist/widget/widget.js: ${code.length} bytes (${kib(code.length)}), gzipped ${gzipped} bytes (${kib(gzipped)}); ` +
      `budget ${kib(WIDGET_GZIP_BUDGET_BYTES)} gzipped\n`,
  );
  if (gzipped > WIDGET_GZIP_BUDGET_BYTES) {
    process.stderr.write(`widget bundle is over budget by ${gzipped - WIDGET_GZIP_BUDGET_BYTES} bytes gzipped\n`);
    process.exitCode = 1;
  }
}

main().catch((error) => {
  process.stderr.write(`widget build failed: ${error.message}\n`);
  process.exitCode = 1;
});
