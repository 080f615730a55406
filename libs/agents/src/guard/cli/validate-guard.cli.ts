import { DEFAULT_DATA_DIR } from '../training/guard-datasets';
import { crossValidateInjection, flaggedShare } from '../training/guard-cross-validation';

const MESSAGE_THRESHOLDS = [0.05, 0.1, 0.2, 0.3];
const DOCUMENT_THRESHOLDS = [0.3, 0.4, 0.5, 0.6];

/**
 * `node -r @swc-node/register libs/agents/src/guard/cli/validate-guard.cli.ts [<data dir>]`: the
 * validation behind the injection thresholds in guard-trainer.ts. Leave-category-out cross-validation
 * on BIPIA train (never test): recall on unseen attack kinds against false positives on held-out
 * clean emails and held-out support messages, for a grid of message and document thresholds.
 */
function main(): void {
  const cv = crossValidateInjection(process.argv[2] ?? DEFAULT_DATA_DIR);
  const rows = MESSAGE_THRESHOLDS.flatMap((message) =>
    DOCUMENT_THRESHOLDS.map((document) => ({
      message,
      document,
      recall_bare: flaggedShare(cv.bare, message, document),
      recall_in_emails: flaggedShare(cv.inEmails, message, document),
      clean_email_fpr: flaggedShare(cv.cleanEmails, message, document),
      support_fpr: flaggedShare(cv.support, message, document),
    })),
  );
  for (const row of rows) {
    const cells = Object.entries(row).map(([name, value]) => `${name} ${value.toFixed(name.endsWith('fpr') ? 4 : 3)}`);
    process.stdout.write(`${cells.join('  ')}\n`);
  }
  process.stdout.write(`${JSON.stringify({ folds: 5, held_out_attacks: cv.bare.length, rows })}\n`);
}

main();
