import { writeFileSync } from 'node:fs';
import { trainIntentClassifierWithEmbedder } from '../intent-trainer';
import { optionalArg, parseCliArgs, requiredArg, runCli } from './cli-args';
import { cliEmbedder, formatRate, parseNumberArg, readExamples } from './cli-io';

/**
 * Trains an intent classifier and writes it as JSON (the same data a database row will hold).
 *
 *   npm run train:intents -- --train intents.csv [--oos oos.csv] [--out model.json] [--seed 1]
 *     [--embedder transformers:FOLDER]
 *
 * --embedder SPEC (an SLM_EMBEDDER spec) appends its sentence embeddings to the features; the model then
 * records that embedder and only classifies with it.
 */
runCli(async () => {
  const args = parseCliArgs(process.argv.slice(2), ['train', 'oos', 'out', 'seed', 'embedder']);
  const { embedder, close } = cliEmbedder(optionalArg(args, 'embedder'));
  requiredArg(args, 'train');
  const examples = [...readExamples(args.get('train')!), ...readExamples(args.get('oos') ?? [], 'oos')];
  const seed = parseNumberArg(optionalArg(args, 'seed'), 'seed', 1);
  const { classifier, metrics, calibration, seconds } = await trainIntentClassifierWithEmbedder(examples, embedder, {
    seed,
  });
  await close();
  process.stdout.write(
    `Trained ${classifier.intents.length} intents on ${examples.length} examples in ${seconds.toFixed(1)} s\n` +
      `Held out ${metrics.examples}: accuracy ${metrics.accuracy.toFixed(4)}, macro-F1 ${metrics.macroF1.toFixed(4)}, ` +
      `OOS recall ${formatRate(metrics.oosRecall)}, OOS precision ${formatRate(metrics.oosPrecision)}\n` +
      `OOS threshold ${classifier.threshold.toFixed(4)} (${calibration.method})` +
      `${classifier.embedder ? `; embeddings from ${classifier.embedder.id}` : ''}\n`,
  );
  for (const pair of metrics.confusedPairs.slice(0, 5)) {
    process.stdout.write(`  confused: ${pair.actual} -> ${pair.predicted} (${pair.count})\n`);
  }
  const out = optionalArg(args, 'out');
  if (out) {
    writeFileSync(out, JSON.stringify(classifier.toJSON()));
    process.stdout.write(`Wrote ${out}\n`);
  }
});
