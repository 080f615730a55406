import { SeededRandom } from './seeded-random';
import { LabelledText } from './training-data';

/** Tiny synthetic intent set for specs: each intent has its own key phrases mixed with shared filler. */
const INTENT_PHRASES: Record<string, string[]> = {
  check_balance: ['what is my balance', 'how much money is in my account', 'show my account balance'],
  lost_card: ['i lost my card', 'my card was stolen', 'block my missing card'],
  transfer_money: ['send money to my friend', 'transfer funds to another account', 'make a bank transfer'],
  opening_hours: ['when are you open', 'what are your opening hours', 'are branches open on sunday'],
};

const OUT_OF_SCOPE = [
  'what is the weather like tomorrow',
  'play some jazz music',
  'tell me a joke about penguins',
  'how do i bake sourdough bread',
  'who won the football game yesterday',
  'translate goodbye into italian',
];

const FILLERS = ['please', 'hi', 'can you help', 'thanks', 'quickly', 'hello there', 'i need to know'];

export const TOY_INTENTS = Object.keys(INTENT_PHRASES);

export function toyIntentExamples(perIntent: number, seed = 3): LabelledText[] {
  const random = new SeededRandom(seed);
  const pick = (items: readonly string[]): string => items[random.nextInt(items.length)];
  return TOY_INTENTS.flatMap((label) =>
    Array.from({ length: perIntent }, () => ({
      text: `${pick(FILLERS)} ${pick(INTENT_PHRASES[label])} ${random.next() < 0.5 ? pick(FILLERS) : ''}`.trim(),
      label,
    })),
  );
}

export function toyOutOfScopeExamples(label = 'oos'): LabelledText[] {
  return OUT_OF_SCOPE.map((text) => ({ text, label }));
}

/** One small word + character member, fast enough for specs; `training` overrides its schedule. */
export function toyClassifierOptions(
  training: { epochs: number; learningRate: number } = { epochs: 6, learningRate: 0.3 },
) {
  return {
    members: [
      {
        features: {
          wordNgramRange: [1, 2] as const,
          charNgramRange: [2, 4] as const,
          minDocumentCount: 1,
          wordBlockWeight: 1,
          charBlockWeight: 1,
        },
        training: { ...training, l2: 1e-5, seed: 1 },
      },
    ],
  };
}
