import { LabelledText, TextClassifier } from '../../intents';
import { GUARD_MODEL_FORMAT, GUARD_MODEL_VERSION, GuardModelArtifact } from '../guard-model';
import { DetectorState, SegmentScorer } from '../segment-scorer';
import { splitSegments } from '../text-segments';
import { normalizeForToxicity } from '../toxicity-normalizer';
import { ContextWeights, contextFeatureRow, contextProbability } from '../context-scorer';
import { segmentContexts } from '../segment-context';
import { INSERT_POSITIONS, insertAttack } from './bipia-insertion';
import { StackerRow, fitContextStacker } from './context-stacker';
import {
  BipiaAttack,
  SPLIT_SEED,
  readBankingTrain,
  readBipiaAttacks,
  readBipiaEmails,
  readBipiaTableQuestions,
  readHateCheck,
  readSupportMessages,
} from './guard-datasets';
import { stableBucket } from './stable-hash';
import { readAssistantRequests } from './assistant-requests';
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
  /** CLINC150 general-assistant requests per intent added to the document detector's positives (0 = none). */
  readonly assistantRequestsPerIntent: number;
}

export const DEFAULT_GUARD_TRAINING_OPTIONS: GuardTrainingOptions = {
  targetValidationFpr: 0.01,
  positiveShare: 0.2,
  minThreshold: 0.3,
  // Three of the fifty train emails rather than two: leave-category-out cross-validation on BIPIA train
  // (cli/validate-guard.cli.ts) found the stricter threshold lost held-out attacks, not clean emails.
  targetDocumentFpr: 0.06,
  documentFolds: 5,
  assistantRequestsPerIntent: 10,
};

const INJECTION = 'injection';
const TOXIC = 'toxic';
const BENIGN = 'benign';

export interface DetectorData {
  readonly positives: string[];
  readonly negatives: string[];
}

/** Code attacks are an instruction line followed by code; the instruction alone is a positive too. */
function positivesOf(attacks: readonly BipiaAttack[]): string[] {
  const firstLines = attacks.filter((a) => a.kind === 'code').map((a) => a.text.split('\n')[0]);
  return [...attacks.map((a) => a.text), ...firstLines, ...SEED_INJECTIONS];
}

function injectionPositives(dataDir: string): string[] {
  return positivesOf(readBipiaAttacks(dataDir, 'train'));
}

/**
 * A bare factual question ("What are the main causes of the First World War?") is an injection inside a
 * document, where the document detector catches it in context, but an ordinary chat message: the chat
 * detector does not learn it as an attack, or it refuses visitors' questions.
 */
const PLAIN_QUESTION = /^(?:what|who|whom|whose|which|when|where|why|how)\b[^\n]*\?$/i;
const ADDRESSES_ASSISTANT = /\b(?:you|your)\b/i;

function isPlainQuestion(text: string): boolean {
  return PLAIN_QUESTION.test(text.trim()) && !ADDRESSES_ASSISTANT.test(text);
}

export function buildInjectionData(dataDir: string): DetectorData {
  const emailSegments = readBipiaEmails(dataDir, 'train').flatMap((email) => splitSegments(email, 1000));
  const hateCheck = readHateCheck(dataDir, 'train').map((c) => c.text);
  const questions = readBipiaTableQuestions(dataDir, 'train');
  return {
    positives: injectionPositives(dataDir).filter((text) => !isPlainQuestion(text)),
    negatives: [
      ...readSupportMessages(dataDir, 'train'),
      ...emailSegments,
      ...hateCheck,
      ...questions,
      ...SEED_SUPPORT_MESSAGES,
    ],
  };
}

/**
 * The document detector learns "assistant-directed task" against ordinary email sentences and banking
 * support messages. CLINC150 is not a negative here: its general-assistant intents (recipes, trivia,
 * translation) are exactly what an instruction hidden in a document looks like, so a capped sample of
 * them is a positive (assistant-requests.ts). 10 per intent was chosen by the out-of-fold figures of
 * trainDocumentDetector on BIPIA train: held-out attacks caught inside held-out emails 0.853 with none
 * (4 of 50 clean emails flagged), 0.893 with 5 (4 of 50), 0.876 with 10, 0.875 with 20, 0.856 with 30,
 * 0.844 with 80 (3 of 50 each; 20, 30 and 80 measured before the shop-wording hard negatives were
 * added, which moved 10 from 0.871 to 0.876): 10 is the best that keeps to targetDocumentFpr. Larger
 * samples drown the BIPIA attacks, whose wording is closer to the test attacks'.
 */
export function buildEmbeddedInstructionData(
  dataDir: string,
  emails: readonly string[],
  attacks: readonly BipiaAttack[] = readBipiaAttacks(dataDir, 'train'),
  assistantRequests: readonly string[] = [],
): DetectorData {
  const emailSegments = emails.flatMap((email) => splitSegments(email, 1000));
  return {
    positives: [...positivesOf(attacks), ...assistantRequests],
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
 * Fifty train emails are too few to hold some out for good, so the document detector is stacked on
 * out-of-fold scores: attacks are held out by category (so the stacker sees n-gram scores of attack
 * kinds the n-gram model never saw, as on test) and emails by hash; each held-out email gets each
 * held-out attack at its start, middle and end. The context stacker learns from those segments, and its
 * threshold lets at most `targetDocumentFpr` of the held-out clean emails through as flagged. The
 * shipped n-gram model then trains on everything.
 */
export function trainDocumentDetector(
  dataDir: string,
  options: GuardTrainingOptions,
): { ngram: DetectorState; context: ContextWeights; crossValidation: Record<string, number> } {
  const emails = readBipiaEmails(dataDir, 'train');
  const attacks = readBipiaAttacks(dataDir, 'train');
  const assistantRequests = readAssistantRequests(dataDir, options.assistantRequestsPerIntent, SPLIT_SEED);
  const rows: StackerRow[] = [];
  const cleanRows: number[][][] = [];
  const attackedRows: number[][][] = [];
  for (let fold = 0; fold < options.documentFolds; fold++) {
    const heldAttack = (attack: BipiaAttack) =>
      stableBucket(attack.category, SPLIT_SEED + 1, options.documentFolds) === fold;
    const heldEmail = (email: string) => stableBucket(email, SPLIT_SEED + 2, options.documentFolds) === fold;
    const data = buildEmbeddedInstructionData(
      dataDir,
      emails.filter((email) => !heldEmail(email)),
      attacks.filter((attack) => !heldAttack(attack)),
      assistantRequests,
    );
    const scorer = new SegmentScorer(
      TextClassifier.train(labelled(data, INJECTION, options.positiveShare)),
      INJECTION,
      1,
    );
    const rowsOf = (text: string) =>
      segmentContexts(text).map((context) => ({
        context,
        row: contextFeatureRow(context, scorer.scoreText(context.segment)),
      }));
    for (const email of emails.filter(heldEmail)) {
      const clean = rowsOf(email).map((r) => r.row);
      cleanRows.push(clean);
      rows.push(...clean.map((features) => ({ features, label: 0 as const })));
      for (const attack of attacks.filter(heldAttack)) {
        for (const position of INSERT_POSITIONS) {
          const attacked = rowsOf(insertAttack(email, attack.text, position, SPLIT_SEED));
          attackedRows.push(attacked.map((r) => r.row));
          for (const { context, row } of attacked) {
            if (attack.text.includes(context.segment)) rows.push({ features: row, label: 1 });
          }
        }
      }
    }
  }
  const stacker = fitContextStacker(rows);
  const documentScore = (segments: number[][]) =>
    Math.max(0, ...segments.map((row) => contextProbability({ ...stacker, threshold: 1 }, row)));
  const outOfFold = cleanRows.map(documentScore);
  // Midway between the highest clean email let through and the lowest one flagged. Not calibrateThreshold:
  // its 0.99 ceiling would sit below the held-out clean emails' stacked scores.
  const sorted = [...outOfFold].sort((a, b) => b - a);
  const allowed = Math.floor(sorted.length * options.targetDocumentFpr);
  const passed = sorted[allowed] ?? 0;
  const flagged = allowed > 0 ? sorted[allowed - 1] : 1;
  const threshold = Math.max(options.minThreshold, (passed + flagged) / 2);
  const classifier = TextClassifier.train(
    labelled(
      buildEmbeddedInstructionData(dataDir, emails, attacks, assistantRequests),
      INJECTION,
      options.positiveShare,
    ),
  );
  const share = (scores: number[]) => scores.filter((score) => score >= threshold).length / scores.length;
  return {
    ngram: { classifier: classifier.toJSON(), positiveLabel: INJECTION, threshold },
    context: { ...stacker, threshold },
    // Document detector alone (no rules, no chat-message model), scored by models that never saw the email
    // or the attack category; the stacker itself was fit on these rows, so slightly optimistic.
    crossValidation: {
      document_recall_in_emails: share(attackedRows.map(documentScore)),
      document_clean_email_fpr: share(outOfFold),
    },
  };
}

export function trainGuardModel(
  dataDir: string,
  options: GuardTrainingOptions = DEFAULT_GUARD_TRAINING_OPTIONS,
): GuardModelArtifact {
  const validation = readSupportMessages(dataDir, 'validation');
  const injectionData = buildInjectionData(dataDir);
  const toxicityData = buildToxicityData(dataDir);
  const documentExamples = buildEmbeddedInstructionData(
    dataDir,
    readBipiaEmails(dataDir, 'train'),
    readBipiaAttacks(dataDir, 'train'),
    readAssistantRequests(dataDir, options.assistantRequestsPerIntent, SPLIT_SEED),
  );
  const document = trainDocumentDetector(dataDir, options);
  return {
    format: GUARD_MODEL_FORMAT,
    version: GUARD_MODEL_VERSION,
    provenance: {
      splitSeed: SPLIT_SEED,
      sources: [
        'BIPIA text/code attack train files, email train contexts and table train questions (MIT, Microsoft Corporation)',
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
      validation: document.crossValidation,
    },
    injection: trainDetector(injectionData, INJECTION, validation, options),
    embeddedInstruction: document.ngram,
    embeddedContext: document.context,
    toxicity: trainDetector(toxicityData, TOXIC, validation.map(normalizeForToxicity), options),
  };
}
