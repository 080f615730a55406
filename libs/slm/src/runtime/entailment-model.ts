import { Classifier, EntailmentModel, EntailmentPair } from '../slm.types';

/** The entailment label among an NLI model's labels, whatever its case (`entailment`, `ENTAILMENT`). */
export function entailmentLabel(labels: string[]): string | undefined {
  return labels.find((label) => /^entail(ment)?$/i.test(label.trim()));
}

export function noEntailmentLabel(variable: string, where: string, labels: string[]): string {
  const named = labels.length > 0 ? labels.join(', ') : 'none';
  return (
    `${variable}: ${where} has no entailment label (labels: ${named}); an NLI model's config.json id2label ` +
    'names its classes, e.g. {"0": "entailment", "1": "neutral", "2": "contradiction"}'
  );
}

/**
 * NLI on a pair classifier: premise first, hypothesis second, as MNLI cross-encoders are trained; the
 * answer is the probability of the model's entailment class.
 */
export class ClassifierEntailment implements EntailmentModel {
  constructor(
    private readonly classifier: Classifier,
    readonly threshold: number,
    private readonly variable = 'SLM_NLI',
  ) {}

  get id(): string {
    return this.classifier.id;
  }

  async entailment(pairs: EntailmentPair[], options: { signal?: AbortSignal } = {}): Promise<number[]> {
    if (pairs.length === 0) return [];
    const scores = await this.classifier.classify(
      pairs.map((pair) => pair.premise),
      { pairs: pairs.map((pair) => pair.hypothesis), signal: options.signal },
    );
    // Checked at boot for local folders; a downloaded model is only known once loaded.
    const label = entailmentLabel(this.classifier.labels);
    if (!label) throw new Error(noEntailmentLabel(this.variable, this.classifier.id, this.classifier.labels));
    return scores.map((ranked) => ranked.find((score) => score.label === label)?.score ?? 0);
  }
}
