import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

describe('fixture models', () => {
  it('are written completely even when several processes race to create them', async () => {
    const root = mkdtempSync(join(tmpdir(), 'seed-fixtures-'));
    const cli = join(__dirname, '../../../libs/slm/src/testing/models-fixtures.cli.ts');
    const writers = Array.from({ length: 3 }, () => run(process.execPath, ['-r', '@swc-node/register', cli, root]));
    await Promise.all(writers);
    expect(readdirSync(root).sort()).toEqual(['tiny-bert', 'tiny-bert-classifier', 'tiny-bert-nli', 'tiny-llama']);
    for (const model of readdirSync(root)) {
      for (const file of ['config.json', 'tokenizer.json', 'tokenizer_config.json', 'onnx/model.onnx']) {
        expect(existsSync(join(root, model, file))).toBe(true);
      }
    }
    rmSync(root, { recursive: true, force: true });
  });
});
