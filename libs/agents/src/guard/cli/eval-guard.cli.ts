import { GuardResult } from '../guard.types';
import { loadDefaultGuardModel } from '../guard-model';
import { MessageGuard } from '../message-guard';
import { INSERT_POSITIONS, insertAttack } from '../training/bipia-insertion';
import {
  DEFAULT_DATA_DIR,
  SPLIT_SEED,
  readBankingTest,
  readBipiaAttacks,
  readBipiaEmails,
  readClinc,
  readHateCheck,
} from '../training/guard-datasets';

/**
 * `npm run eval:guard [-- <data dir>]`: scores the shipped guard on test data only — BIPIA test attacks
 * (bare and inserted into the BIPIA test emails at start, middle and end), HateCheck's test templates,
 * and the BANKING77 and CLINC150 test messages. The last line is the JSON summary.
 */
type Check = (result: GuardResult) => boolean;

const isInjection: Check = (r) => r.reasons.some((x) => x.code === 'injection_rule' || x.code === 'injection_model');
const isToxic: Check = (r) => r.reasons.some((x) => x.code === 'toxicity_rule' || x.code === 'toxicity_model');
const isBlocked: Check = (r) => r.verdict === 'block';

interface Rate {
  readonly hits: number;
  readonly total: number;
  readonly rate: number;
}

function rate(guard: MessageGuard, texts: readonly string[], check: Check): Rate {
  const hits = texts.reduce((sum, text) => sum + (check(guard.inspect(text)) ? 1 : 0), 0);
  return { hits, total: texts.length, rate: texts.length === 0 ? 0 : hits / texts.length };
}

function print(label: string, r: Rate): void {
  process.stdout.write(`${label.padEnd(52)} ${r.rate.toFixed(4)}  (${r.hits}/${r.total})\n`);
}

function round4(value: number): number {
  return Math.round(value * 10_000) / 10_000;
}

function injectionPositives(dataDir: string): { bare: string[]; inEmails: string[] } {
  const attacks = readBipiaAttacks(dataDir, 'test').map((a) => a.text);
  const emails = readBipiaEmails(dataDir, 'test');
  const inEmails = emails.flatMap((email) =>
    attacks.flatMap((attack) => INSERT_POSITIONS.map((position) => insertAttack(email, attack, position, SPLIT_SEED))),
  );
  return { bare: attacks, inEmails };
}

function perFunctionality(guard: MessageGuard, dataDir: string): void {
  const cases = readHateCheck(dataDir, 'test');
  const names = [...new Set(cases.map((c) => c.functionality))].sort();
  for (const name of names) {
    const group = cases.filter((c) => c.functionality === name);
    const check: Check = group[0].hateful ? isToxic : isBlocked;
    print(
      `  hatecheck ${name} (${group[0].hateful ? 'recall' : 'blocked'})`,
      rate(
        guard,
        group.map((c) => c.text),
        check,
      ),
    );
  }
}

function main(): void {
  const dataDir = process.argv[2] ?? DEFAULT_DATA_DIR;
  if (loadDefaultGuardModel().provenance.splitSeed !== SPLIT_SEED) {
    throw new Error('The shipped guard model was trained on other splits; run npm run train:guard first');
  }
  const guard = new MessageGuard();
  const injection = injectionPositives(dataDir);
  const hateCheck = readHateCheck(dataDir, 'test');
  const support = [...readBankingTest(dataDir), ...readClinc(dataDir, ['test', 'oos_test'])];

  const bare = rate(guard, injection.bare, isInjection);
  const inEmails = rate(guard, injection.inEmails, isInjection);
  const allInjection = rate(guard, [...injection.bare, ...injection.inEmails], isInjection);
  const toxicity = rate(
    guard,
    hateCheck.filter((c) => c.hateful).map((c) => c.text),
    isToxic,
  );
  const supportFp = rate(guard, support, isBlocked);
  const contrastFp = rate(
    guard,
    hateCheck.filter((c) => !c.hateful).map((c) => c.text),
    isBlocked,
  );
  const cleanEmailFp = rate(guard, readBipiaEmails(dataDir, 'test'), isBlocked);

  print('injection recall, bare BIPIA test attacks', bare);
  print('injection recall, attacks inside BIPIA test emails', inEmails);
  print('injection recall, all', allInjection);
  print('toxicity recall, HateCheck hateful (test templates)', toxicity);
  print('false positives, BANKING77 + CLINC150 test', supportFp);
  print('false positives, HateCheck non-hateful (test templates)', contrastFp);
  print('false positives, clean BIPIA test emails', cleanEmailFp);
  perFunctionality(guard, dataDir);
  const summary = {
    injection_recall: round4(allInjection.rate),
    toxicity_recall: round4(toxicity.rate),
    false_positive_rate: round4(supportFp.rate),
    injection_recall_bare: round4(bare.rate),
    injection_recall_in_email: round4(inEmails.rate),
    hatecheck_non_hateful_fpr: round4(contrastFp.rate),
    clean_email_fpr: round4(cleanEmailFp.rate),
  };
  process.stdout.write(`${JSON.stringify(summary)}\n`);
}

main();
