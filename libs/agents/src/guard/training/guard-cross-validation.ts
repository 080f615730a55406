import { TextClassifier } from '../../intents';
import { isDocumentLike } from '../injection-detector';
import { INJECTION_RULES, matchRules } from '../injection-rules';
import { SegmentScorer } from '../segment-scorer';
import { splitSegments } from '../text-segments';
import { INSERT_POSITIONS, insertAttack } from './bipia-insertion';
import {
  BipiaAttack,
  SPLIT_SEED,
  readBankingTrain,
  readBipiaAttacks,
  readBipiaEmails,
  readHateCheck,
  readSupportMessages,
} from './guard-datasets';
import { DEFAULT_GUARD_TRAINING_OPTIONS, DetectorData, labelled } from './guard-trainer';
import { stableBucket } from './stable-hash';
import { readAssistantRequests } from './assistant-requests';
import { SEED_INJECTIONS } from './seed-injections.data';
import { SEED_SUPPORT_MESSAGES } from './seed-support-hard-negatives.data';

/** One text's injection evidence: a rule fired, the message model's and the document model's scores. */
export interface InjectionScores {
  readonly rule: boolean;
  readonly message: number;
  readonly document: number;
}

export interface InjectionCrossValidation {
  /** Held-out attacks on their own and inside held-out emails (start, middle, end). */
  readonly bare: InjectionScores[];
  readonly inEmails: InjectionScores[];
  /** Held-out clean emails. */
  readonly cleanEmails: InjectionScores[];
  /** The hashed validation part of BANKING77/CLINC150 train, scored by each fold's models. */
  readonly support: InjectionScores[];
}

const FOLDS = 5;

/**
 * How the injection detectors do on attack kinds they never saw, using BIPIA *train* only: attacks are
 * grouped into folds by category (the test split's categories differ from train's) and emails by
 * hash; each fold trains on the rest, as guard-trainer.ts does, and scores what it held out. It grids the
 * n-gram thresholds only: the document detector's context stacker is cross-validated inside
 * guard-trainer.ts (its figures land in the model's provenance.validation).
 */
export function crossValidateInjection(dataDir: string): InjectionCrossValidation {
  const attacks = readBipiaAttacks(dataDir, 'train');
  const emails = readBipiaEmails(dataDir, 'train');
  const supportTrain = readSupportMessages(dataDir, 'train');
  const supportValidation = readSupportMessages(dataDir, 'validation');
  const hateCheck = readHateCheck(dataDir, 'train').map((c) => c.text);
  const banking = readBankingTrain(dataDir, 'train');
  const assistantRequests = readAssistantRequests(
    dataDir,
    DEFAULT_GUARD_TRAINING_OPTIONS.assistantRequestsPerIntent,
    SPLIT_SEED,
  );
  const result: InjectionCrossValidation = { bare: [], inEmails: [], cleanEmails: [], support: [] };
  for (let fold = 0; fold < FOLDS; fold++) {
    const heldAttack = (attack: BipiaAttack) => stableBucket(attack.category, SPLIT_SEED + 1, FOLDS) === fold;
    const heldEmail = (email: string) => stableBucket(email, SPLIT_SEED + 2, FOLDS) === fold;
    const positives = injectionPositivesOf(attacks.filter((attack) => !heldAttack(attack)));
    const segments = emails.filter((email) => !heldEmail(email)).flatMap((email) => splitSegments(email, 1000));
    const score = scorerOf(
      { positives, negatives: [...supportTrain, ...segments, ...hateCheck, ...SEED_SUPPORT_MESSAGES] },
      {
        positives: [...positives, ...assistantRequests],
        negatives: [...segments, ...banking, ...SEED_SUPPORT_MESSAGES],
      },
    );
    const held = attacks.filter(heldAttack).map((attack) => attack.text);
    const heldEmails = emails.filter(heldEmail);
    result.bare.push(...held.map(score));
    for (const email of heldEmails) {
      for (const attack of held) {
        result.inEmails.push(...INSERT_POSITIONS.map((at) => score(insertAttack(email, attack, at, SPLIT_SEED))));
      }
    }
    result.cleanEmails.push(...heldEmails.map(score));
    result.support.push(...supportValidation.map(score));
  }
  return result;
}

function injectionPositivesOf(attacks: BipiaAttack[]): string[] {
  const firstLines = attacks.filter((a) => a.kind === 'code').map((a) => a.text.split('\n')[0]);
  return [...attacks.map((a) => a.text), ...firstLines, ...SEED_INJECTIONS];
}

function scorerOf(message: DetectorData, document: DetectorData): (text: string) => InjectionScores {
  const share = DEFAULT_GUARD_TRAINING_OPTIONS.positiveShare;
  const messageScorer = new SegmentScorer(TextClassifier.train(labelled(message, 'injection', share)), 'injection', 1);
  const documentScorer = new SegmentScorer(
    TextClassifier.train(labelled(document, 'injection', share)),
    'injection',
    1,
  );
  return (text) => ({
    rule: matchRules(text, INJECTION_RULES) !== null,
    message: messageScorer.scoreSegments(text).score,
    document: isDocumentLike(text) ? documentScorer.scoreSegments(text, false).score : 0,
  });
}

/** Share of `scores` the guard would flag with these two thresholds. */
export function flaggedShare(scores: readonly InjectionScores[], message: number, document: number): number {
  if (scores.length === 0) return 0;
  const flagged = scores.filter((s) => s.rule || s.message >= message || s.document >= document).length;
  return flagged / scores.length;
}
