// tsc emits only JavaScript; data files that code loads at run time (trained guard weights, sample
// knowledge, widget assets) are copied beside it into dist/ with the same relative paths.
const { cpSync, readdirSync, statSync } = require('node:fs');
const { join, relative } = require('node:path');

const root = join(__dirname, '..');
const skip = (name) => name.endsWith('.ts') || name === 'testing' || name === 'node_modules';

function copyAssets(dir) {
  for (const name of readdirSync(dir)) {
    if (skip(name)) continue;
    const path = join(dir, name);
    if (statSync(path).isDirectory()) copyAssets(path);
    else cpSync(path, join(root, 'dist', relative(root, path)));
  }
}

for (const top of ['apps', 'libs']) copyAssets(join(root, top));
