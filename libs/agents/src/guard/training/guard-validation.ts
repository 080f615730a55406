import { GuardModelArtifact } from '../guard-model';
import { MessageGuard } from '../message-guard';
import { readHateCheck, readSupportMessages } from './guard-datasets';

function share(texts: readonly string[], hit: (text: string) => boolean): number {
  return texts.length === 0 ? 0 : texts.filter(hit).length / texts.length;
}

/**
 * Figures on the validation parts only (held-out BANKING77/CLINC150 train messages, HateCheck's
 * validation templates): what the thresholds were chosen on. The document detector's out-of-fold
 * calibration on the BIPIA train emails is in guard-trainer.ts.
 */
export function validateGuardModel(model: GuardModelArtifact, dataDir: string): Record<string, number> {
  const guard = new MessageGuard({ model });
  const blocked = (text: string) => guard.inspect(text).verdict === 'block';
  const toxic = (text: string) => guard.inspect(text).reasons.some((r) => r.code.startsWith('toxicity'));
  const hateCheck = readHateCheck(dataDir, 'validation');
  return {
    support_fpr: share(readSupportMessages(dataDir, 'validation'), blocked),
    hatecheck_recall: share(
      hateCheck.filter((c) => c.hateful).map((c) => c.text),
      toxic,
    ),
    hatecheck_non_hateful_fpr: share(
      hateCheck.filter((c) => !c.hateful).map((c) => c.text),
      blocked,
    ),
  };
}
