import { DEFAULT_INTENT_TRAINING_OPTIONS, trainIntentClassifier } from '../../intents';
import { parseCliArgs, requiredArg, runCli } from '../../intents/cli/cli-args';
import { readExamples } from '../../intents/cli/cli-io';

/**
 * How `minIntentConfidence` trades teacher calls for accuracy: trains on --train (+ --oos-train), then,
 * on the validation files (never a test split), prints for each bar the share of messages the
 * escalation model would be asked about and the accuracy of the decisions the small model keeps.
 *
 *   node -r @swc-node/register libs/agents/src/distillation/cli/intent-escalation-bar.cli.ts \
 *     --train train.csv --oos-train oos_train.csv --val val.csv --oos-val oos_val.csv
 */
const BARS = [0, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9];

runCli(() => {
  const args = parseCliArgs(process.argv.slice(2), ['train', 'oos-train', 'val', 'oos-val']);
  const oos = DEFAULT_INTENT_TRAINING_OPTIONS.oosLabel;
  const training = [...readExamples([requiredArg(args, 'train')]), ...readExamples(args.get('oos-train') ?? [], oos)];
  const validation = [...readExamples([requiredArg(args, 'val')]), ...readExamples(args.get('oos-val') ?? [], oos)];
  // Calibrated on a split carved from the training files, as the training job does.
  const { classifier } = trainIntentClassifier(training, { seed: 1 });
  const scored = validation.map((example) => ({ example, prediction: classifier.predict(example.text) }));
  const wrong = scored.filter(({ example, prediction }) => (prediction.intent ?? oos) !== example.label).length;
  process.stdout.write(
    `${validation.length} validation messages, OOS threshold ${classifier.threshold.toFixed(3)}, ` +
      `small model alone: accuracy ${(1 - wrong / validation.length).toFixed(4)}\n`,
  );
  for (const bar of BARS) {
    const kept = scored.filter(({ prediction }) => !prediction.outOfScope && prediction.confidence >= bar);
    const keptRight = kept.filter(({ example, prediction }) => prediction.intent === example.label).length;
    const keptWrong = kept.length - keptRight;
    process.stdout.write(
      `bar ${bar.toFixed(2)}: teacher asked about ${(1 - kept.length / scored.length).toFixed(4)}, ` +
        `kept decisions right ${(keptRight / Math.max(1, kept.length)).toFixed(4)}, ` +
        `small-model errors left to route ${(keptWrong / Math.max(1, wrong)).toFixed(4)}\n`,
    );
  }
});
