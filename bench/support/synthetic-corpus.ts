/**
 * Deterministic synthetic support text for benchmarks: a fixed vocabulary, a seeded generator, the
 * same words on every run, so vector and full-text search both have something to find.
 */
const TOPICS = ['billing', 'shipping', 'returns', 'warranty', 'account', 'security', 'subscription', 'delivery'];
const WORDS = (
  'order refund invoice parcel courier password reset card payment plan upgrade downgrade cancel renew ' +
  'address customs label tracking damaged replacement repair battery screen charger router firmware ' +
  'login email verification code device laptop phone tablet store pickup weekend holiday discount coupon ' +
  'receipt tax country region currency support agent ticket escalation priority response hours manager'
).split(' ');

export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state * 1664525 + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
}

export function sentence(random: () => number, length = 12): string {
  const words = Array.from({ length }, () => WORDS[Math.floor(random() * WORDS.length)]);
  return `${words.join(' ')}.`.replace(/^./, (c) => c.toUpperCase());
}

/** A Markdown document: a title, sections with headings, paragraphs of generated sentences. */
export function markdownDocument(index: number, sections = 6, paragraphsPerSection = 4): string {
  const random = seededRandom(index + 1);
  const topic = TOPICS[index % TOPICS.length];
  const parts = [`# ${topic} guide ${index}`];
  for (let s = 0; s < sections; s++) {
    parts.push(`## ${topic} ${WORDS[Math.floor(random() * WORDS.length)]} ${s}`);
    for (let p = 0; p < paragraphsPerSection; p++) {
      parts.push(Array.from({ length: 4 }, () => sentence(random)).join(' '));
    }
  }
  return parts.join('\n\n');
}

export function percentile(values: number[], share: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(share * sorted.length))];
}

export const round = (value: number, digits = 2) => Math.round(value * 10 ** digits) / 10 ** digits;
