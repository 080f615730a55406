/**
 * Supervised term weighting: how concentrated each n-gram's documents are on few classes, as
 * 1 - H(class | n-gram) / ln(number of classes), in [0, 1]. "refund" (one or two intents) scores near 1,
 * "please" (every intent) near 0. Folded into the idf, it lets the linear model start from the
 * n-grams that separate intents, in the spirit of NBSVM's log-count ratios but one weight per n-gram
 * rather than one per n-gram and class.
 */
export function classConcentration(
  documents: readonly (readonly string[])[],
  labels: ArrayLike<number>,
  numClasses: number,
  grams: readonly string[],
): Float64Array {
  const wanted = new Map(grams.map((gram, i) => [gram, i]));
  const perClass = new Map<number, Map<number, number>>();
  documents.forEach((document, d) => {
    for (const gram of new Set(document)) {
      const i = wanted.get(gram);
      if (i === undefined) continue;
      const counts = perClass.get(i) ?? new Map<number, number>();
      counts.set(labels[d], (counts.get(labels[d]) ?? 0) + 1);
      perClass.set(i, counts);
    }
  });
  const maxEntropy = Math.log(Math.max(2, numClasses));
  return Float64Array.from(grams, (_, i) => {
    const counts = [...(perClass.get(i)?.values() ?? [])];
    const total = counts.reduce((sum, c) => sum + c, 0);
    if (total === 0) return 0;
    const entropy = counts.reduce((h, c) => h - (c / total) * Math.log(c / total), 0);
    return 1 - entropy / maxEntropy;
  });
}
