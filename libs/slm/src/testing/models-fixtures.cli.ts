import { ensureTinyModels } from './ensure-tiny-models';

// `npm run models:fixtures`: writes the tiny offline models that the tests and the benchmark run.
const paths = ensureTinyModels(process.argv[2]);
process.stdout.write(`${JSON.stringify(paths, null, 2)}\n`);
