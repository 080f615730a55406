import { IntentMetrics, computeIntentMetrics } from '../metrics';
import { IntentClassifier } from '../intent-classifier';
import { DEFAULT_INTENT_TRAINING_OPTIONS, trainIntentClassifierWithEmbedder } from '../intent-trainer';
import { EmbeddingTable } from '../sentence-embeddings';
import { LabelledText } from '../training-data';
import { optionalArg, parseCliArgs, runCli } from './cli-args';
import { cliEmbedder, formatRate, parseNumberArg, readExamples, round4 } from './cli-io';

/**
 * Trains on --train (+ --oos-train), calibrates on a split carved from them (or on --val/--oos-val when
 * given), then scores --test (+ --oos-test) once. Without --test only the validation figures are printed
 * (for tuning, so a test split is never read by accident). The last line is the JSON summary.
 *
 *   npm run eval:intents -- --train a.csv [--test b.csv] [--oos-train c.csv] [--oos-test d.csv]
 *     [--val e.csv] [--oos-val f.csv] [--reject-rate 0] [--seed 1] [--refit true|false] [--embedder transformers:FOLDER]
 *
 * --refit false keeps the model trained on --train alone (the threshold still comes from the validation
 * data); by default it is retrained on train + validation once the threshold is fixed, as the service does.
 * --embedder SPEC (an SLM_EMBEDDER spec) appends that embedder's sentence embeddings to the features.
 */
const OPTIONS = [
  'train',
  'test',
  'oos-train',
  'oos-test',
  'val',
  'oos-val',
  'reject-rate',
  'seed',
  'refit',
  'embedder',
];

/** Per-message latency as the pipeline sees it: embedding the message (if the model needs it) included. */
async function latencyPercentile(classifier: IntentClassifier, texts: readonly string[], quantile: number) {
  const times: number[] = [];
  for (const text of texts.slice(0, 2000)) {
    const started = performance.now();
    await classifier.classify(text);
    times.push(performance.now() - started);
  }
  times.sort((a, b) => a - b);
  return times[Math.floor(times.length * quantile)] ?? 0;
}

function loadSets(args: Map<string, string[]>, oosLabel: string) {
  const train = readExamples(args.get('train') ?? []);
  const oosTrain = readExamples(args.get('oos-train') ?? [], oosLabel);
  const test = readExamples(args.get('test') ?? []);
  const oosTest = readExamples(args.get('oos-test') ?? [], oosLabel);
  if (train.length === 0) throw new Error('--train is required');
  if (args.has('oos-test') && !args.has('test')) throw new Error('--oos-test needs --test (the in-scope test set)');
  if (args.has('oos-val') && !args.has('val')) throw new Error('--oos-val needs --val (the in-scope validation set)');
  const validation = args.has('val')
    ? [...readExamples(args.get('val')!), ...readExamples(args.get('oos-val') ?? [], oosLabel)]
    : undefined;
  return { training: [...train, ...oosTrain], validation, test: [...test, ...oosTest], hasOos: oosTrain.length > 0 };
}

function printMetrics(label: string, metrics: IntentMetrics): void {
  process.stdout.write(
    `${label}: accuracy ${metrics.accuracy.toFixed(4)}, macro-F1 ${metrics.macroF1.toFixed(4)}, ` +
      `OOS recall ${formatRate(metrics.oosRecall)}, OOS precision ${formatRate(metrics.oosPrecision)}\n`,
  );
}

function parseBooleanArg(value: string | undefined, name: string, fallback: boolean): boolean {
  if (value === undefined) return fallback;
  if (value !== 'true' && value !== 'false') throw new Error(`--${name} must be true or false, got "${value}"`);
  return value === 'true';
}

function summaryOf(metrics: IntentMetrics, seconds: number, classifier: IntentClassifier) {
  return {
    accuracy: round4(metrics.accuracy),
    macro_f1: round4(metrics.macroF1),
    oos_recall: round4(metrics.oosRecall),
    oos_precision: round4(metrics.oosPrecision),
    train_seconds: Math.round(seconds * 100) / 100,
    embedder: classifier.embedder?.id ?? null,
  };
}

runCli(async () => {
  const args = parseCliArgs(process.argv.slice(2), OPTIONS);
  const { embedder, close } = cliEmbedder(optionalArg(args, 'embedder'));
  const oosLabel = DEFAULT_INTENT_TRAINING_OPTIONS.oosLabel;
  const sets = loadSets(args, oosLabel);
  const hasOosData = sets.hasOos || (sets.validation ?? []).some((e) => e.label === oosLabel);
  // A closed-set benchmark (no OOS data at all) is scored like the published anchors: no rejection.
  const fallbackRejectRate = parseNumberArg(optionalArg(args, 'reject-rate'), 'reject-rate', hasOosData ? 0.02 : 0);
  const seed = parseNumberArg(optionalArg(args, 'seed'), 'seed', 1);
  const refitOnAllData = parseBooleanArg(optionalArg(args, 'refit'), 'refit', true);
  const result = await trainIntentClassifierWithEmbedder(
    sets.training,
    embedder,
    { fallbackRejectRate, seed, refitOnAllData },
    sets.validation,
  );
  printMetrics(`validation (${result.metrics.examples} held out, ${result.calibration.method})`, result.metrics);
  const { classifier } = result;
  if (sets.test.length === 0) {
    process.stdout.write(`${JSON.stringify({ validation: summaryOf(result.metrics, result.seconds, classifier) })}\n`);
    await close();
    return;
  }
  // Test texts are embedded in batches up front; the latency below embeds one message at a time.
  const table = embedder
    ? await EmbeddingTable.build(
        embedder,
        sets.test.map((e) => e.text),
      )
    : null;
  const predicted = sets.test.map(
    (e: LabelledText) => classifier.predict(e.text, table?.vector(e.text)).intent ?? oosLabel,
  );
  const metrics = computeIntentMetrics(
    sets.test.map((e) => e.label),
    predicted,
    classifier.intents,
    oosLabel,
  );
  printMetrics(`test (${metrics.examples})`, metrics);
  const texts = sets.test.map((e) => e.text);
  process.stdout.write(
    `threshold ${classifier.threshold.toFixed(4)}; predict p50 ${(await latencyPercentile(classifier, texts, 0.5)).toFixed(3)} ms, ` +
      `p99 ${(await latencyPercentile(classifier, texts, 0.99)).toFixed(3)} ms\n`,
  );
  process.stdout.write(`${JSON.stringify(summaryOf(metrics, result.seconds, classifier))}\n`);
  await close();
});
