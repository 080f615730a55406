import { LabelledText, TextClassifier } from '../../intents';
import { GUARD_MODEL_FORMAT, GUARD_MODEL_VERSION, GuardModelArtifact } from '../guard-model';
import { DetectorState, SegmentScorer } from '../segment-scorer';
import { splitSegments } from '../text-segments';
import { normalizeForToxicity } from '../toxicity-normalizer';
import {
  SPLIT_SEED,
  readBankingTrain,
  readBipiaAttacks,
  readBipiaEmails,
  readHateCheck,
  readSupportMessages,
} from './guard-datasets';
import { stableBucket } from './stable-hash';
import { SEED_ABUSE } from './seed-abuse.data';
import { SEED_INJECTIONS } from './seed-injections.data';
import { SEED_SUPPORT_MESSAGES } from './seed-support-hard-negatives.data';

export interface GuardTrainingOptions {
  /** Each detector may flag at most this share of held-out support messages (validation split). */
  readonly targetValidationFpr: number;
  /** Positives are repeated until they are about this share of a detector's training set. */
  readonly positiveShare: number;
  /** Thresholds never go below this, whatever the validation quantile says. */
  readonly minThreshold: number;
  /** Share of clean emails the document detector may flag, measured out of fold on BIPIA train emails. */
  readonly targetDocumentFpr: number;
  readonly documentFolds: number;
}

export const DEFAULT_GUARD_TRAINING_OPTIONS: GuardTrainingOptions = {
  targetValidationFpr: 0.01,
  positiveShare: 0.2,
  minThreshold: 0.3,
  // Three of the fifty train emails rather than two: leave-category-out cross-validation on BIPIA train
  // (cli/validate-guard.cli.ts) found the stricter threshold lost held-out attacks, not clean emails.
  targetDocumentFpr: 0.06,
  documentFolds: 5,
};

const INJECTION = 'injection';
const TOXIC = 'toxic';
const BENIGN = 'benign';

export interface DetectorData {
  readonly positives: string[];
  readonly negatives: string[];
}

/** Code attacks are an instruction line followed by code; the instruction alone is a positive too. */
function injectionPositives(dataDir: string): string[] {
  const attacks = readBipiaAttacks(dataDir, 'train');
  const firstLines = attacks.filter((a) => a.kind === 'code').map((a) => a.text.split('\n')[0]);
  return [...attacks.map((a) => a.text), ...firstLines, ...SEED_INJECTIONS];
}

export function buildInjectionData(dataDir: string): DetectorData {
  const emailSegments = readBipiaEmails(dataDir, 'train').flatMap((email) => splitSegments(email, 1000));
  const hateCheck = readHateCheck(dataDir, 'train').map((c) => c.text);
  return {
    positives: injectionPositives(dataDir),
    negatives: [...readSupportMessages(dataDir, 'train'), ...emailSegments, ...hateCheck, ...SEED_SUPPORT_MESSAGES],
  };
}

/**
 * The document detector learns "assistant-directed task" against ordinary email sentences and banking
 * support messages. CLINC150 is left out on purpose: its general-assistant intents (recipes, trivia,
 * translation) are exactly what an instruction hidden in a document looks like.
 */
export function buildEmbeddedInstructionData(dataDir: string, emails: readonly string[]): DetectorData {
  const emailSegments = emails.flatMap((email) => splitSegments(email, 1000));
  return {
    positives: injectionPositives(dataDir),
    negatives: [...emailSegments, ...readBankingTrain(dataDir, 'train'), ...SEED_SUPPORT_MESSAGES],
  };
}

export function buildToxicityData(dataDir: string): DetectorData {
  const hateCheck = readHateCheck(dataDir, 'train');
  return {
    positives: [...hateCheck.filter((c) => c.hateful).map((c) => c.text), ...SEED_ABUSE].map(normalizeForToxicity),
    negatives: [
      ...hateCheck.filter((c) => !c.hateful).map((c) => c.text),
      ...readSupportMessages(dataDir, 'train'),
      ...SEED_SUPPORT_MESSAGES,
      ...SEED_INJECTIONS,
    ].map(normalizeForToxicity),
  };
}

export function labelled(data: DetectorData, positiveLabel: string, positiveShare: number): LabelledText[] {
  const wanted = Math.round((positiveShare * data.negatives.length) / (1 - positiveShare));
  const repeats = Math.max(1, Math.round(wanted / Math.max(1, data.positives.length)));
  const positives = Array.from({ length: repeats }, () => data.positives).flat();
  return [
    ...positives.map((text) => ({ text, label: positiveLabel })),
    ...data.negatives.map((text) => ({ text, label: BENIGN })),
  ];
}

/** The score at which at most `targetFpr` of the validation negatives would be flagged. */
export function calibrateThreshold(negativeScores: readonly number[], targetFpr: number, minThreshold: number): number {
  const sorted = [...negativeScores].sort((a, b) => b - a);
  const allowed = Math.floor(sorted.length * targetFpr);
  const boundary = sorted[allowed] ?? 0;
  return Math.max(minThreshold, Math.min(0.99, boundary + 1e-6));
}

function trainDetector(
  data: DetectorData,
  positiveLabel: string,
  validationNegatives: readonly string[],
  options: GuardTrainingOptions,
): DetectorState {
  const classifier = TextClassifier.train(labelled(data, positiveLabel, options.positiveShare));
  const scorer = new SegmentScorer(classifier, positiveLabel, 1);
  const scores = validationNegatives.map((text) => scorer.scoreSegments(text).score);
  const threshold = calibrateThreshold(scores, options.targetValidationFpr, options.minThreshold);
  return { classifier: classifier.toJSON(), positiveLabel, threshold };
}

/**
 * Fifty train emails are too few to hold some out for good, so the document detector's threshold comes
 * from k-fold scores: each email is scored by a model that never saw it, and the threshold lets at most
 * `targetDocumentFpr` of the emails through as flagged. The shipped model then trains on all of them.
 */
function trainDocumentDetector(dataDir: string, options: GuardTrainingOptions): DetectorState {
  const emails = readBipiaEmails(dataDir, 'train');
  const outOfFold: number[] = [];
  for (let fold = 0; fold < options.documentFolds; fold++) {
    const inFold = (email: string) => stableBucket(email, SPLIT_SEED, options.documentFolds) === fold;
    const data = buildEmbeddedInstructionData(
      dataDir,
      emails.filter((email) => !inFold(email)),
    );
    const scorer = new SegmentScorer(
      TextClassifier.train(labelled(data, INJECTION, options.positiveShare)),
      INJECTION,
      1,
    );
    for (const email of emails.filter(inFold)) outOfFold.push(scorer.scoreSegments(email, false).score);
  }
  const classifier = TextClassifier.train(
    labelled(buildEmbeddedInstructionData(dataDir, emails), INJECTION, options.positiveShare),
  );
  const threshold = calibrateThreshold(outOfFold, options.targetDocumentFpr, options.minThreshold);
  return { classifier: classifier.toJSON(), positiveLabel: INJECTION, threshold };
}

export function trainGuardModel(
  dataDir: string,
  options: GuardTrainingOptions = DEFAULT_GUARD_TRAINING_OPTIONS,
): GuardModelArtifact {
  const validation = readSupportMessages(dataDir, 'validation');
  const injectionData = buildInjectionData(dataDir);
  const toxicityData = buildToxicityData(dataDir);
  const documentExamples = buildEmbeddedInstructionData(dataDir, readBipiaEmails(dataDir, 'train'));
  return {
    format: GUARD_MODEL_FORMAT,
    version: GUARD_MODEL_VERSION,
    provenance: {
      splitSeed: SPLIT_SEED,
      sources: [
        'BIPIA text/code attack train files and email train contexts (MIT, Microsoft Corporation)',
        'HateCheck test_suite_cases.csv, template-hashed train part (CC BY 4.0, Röttger et al. 2021)',
        'BANKING77 train (CC BY 4.0, PolyAI) and CLINC150 train + oos_train (CC BY 3.0), 90% hashed part',
        'Seed-written examples in libs/agents/src/guard/training/*.data.ts',
      ],
      examples: {
        injection: injectionData.positives.length + injectionData.negatives.length,
        toxicity: toxicityData.positives.length + toxicityData.negatives.length,
        embeddedInstruction: documentExamples.positives.length + documentExamples.negatives.length,
      },
      targetValidationFpr: options.targetValidationFpr,
      validation: {},
    },
    injection: trainDetector(injectionData, INJECTION, validation, options),
    embeddedInstruction: trainDocumentDetector(dataDir, options),
    toxicity: trainDetector(toxicityData, TOXIC, validation.map(normalizeForToxicity), options),
  };
}
