// One esbuild configuration for `npm run build:widget` (scripts/build-widget.js) and for the api,
// which bundles the widget in memory when dist/widget/widget.js has not been built (tests, `npm run dev`).
const { join } = require('node:path');
const { gzipSync } = require('node:zlib');

/** The budget for the embeddable script, gzipped. */
const WIDGET_GZIP_BUDGET_BYTES = 35 * 1024;

/** Bundles apps/widget/src/main.ts into one minified IIFE (socket.io-client included). */
async function bundleWidget() {
  const esbuild = require('esbuild');
  const result = await esbuild.build({
    entryPoints: [join(__dirname, 'src', 'main.ts')],
    bundle: true,
    format: 'iife',
    platform: 'browser',
    target: 'es2019',
    minify: true,
    legalComments: 'none',
    write: false,
    logLevel: 'silent',
    // The widget's own tsconfig adds the DOM lib; esbuild only strips types, it does not check them.
    tsconfig: join(__dirname, 'tsconfig.json'),
    define: { 'process.env.NODE_ENV': '"production"' },
    banner: { js: '/* Seed chat widget */' },
  });
  return Buffer.from(result.outputFiles[0].contents);
}

function gzippedSize(code) {
  return gzipSync(code, { level: 9 }).length;
}

module.exports = { bundleWidget, gzippedSize, WIDGET_GZIP_BUDGET_BYTES };
