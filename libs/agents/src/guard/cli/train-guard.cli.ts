import { writeFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { resolveGuardModelPath } from '../guard-model';
import { DEFAULT_DATA_DIR } from '../training/guard-datasets';
import { trainGuardModel } from '../training/guard-trainer';
import { validateGuardModel } from '../training/guard-validation';

/**
 * `npm run train:guard [-- <data dir>]`: trains the injection and toxicity detectors from the training
 * parts of ../shared/data plus Seed's own examples, and writes the weights the product ships.
 */
function main(): void {
  const dataDir = process.argv[2] ?? DEFAULT_DATA_DIR;
  const started = performance.now();
  const trained = trainGuardModel(dataDir);
  const validation = validateGuardModel(trained, dataDir);
  const artifact = {
    ...trained,
    provenance: { ...trained.provenance, validation: { ...trained.provenance.validation, ...validation } },
  };
  const path = resolveGuardModelPath();
  writeFileSync(path, gzipSync(`${JSON.stringify(artifact)}\n`, { level: 9 }));
  const seconds = (performance.now() - started) / 1000;
  process.stdout.write(
    `wrote ${path} in ${seconds.toFixed(1)} s: injection threshold ${artifact.injection.threshold.toFixed(4)}, ` +
      `embedded-instruction threshold ${artifact.embeddedInstruction.threshold.toFixed(4)}, ` +
      `toxicity threshold ${artifact.toxicity.threshold.toFixed(4)}\nvalidation ${JSON.stringify(artifact.provenance.validation)}\n`,
  );
}

main();
