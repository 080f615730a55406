import { readClincIntents } from './guard-datasets';
import { stableHash } from './stable-hash';

/**
 * CLINC150 intents that ask a general-purpose assistant for something no support desk handles: recipes,
 * trivia, translation, jokes, unit conversion, travel tips. Inside a pasted email such a request is
 * addressed to the assistant, not to the email's reader — the kind of injection BIPIA's test split is full
 * of ("recommend a good book"). Only the document detector learns them as positives; the chat-message
 * detector keeps learning them as ordinary visitor messages (they are in its support negatives).
 * Banking, credit-card, work and account intents are left out: those are what a support email talks about.
 */
export const GENERAL_ASSISTANT_INTENTS: ReadonlySet<string> = new Set([
  'recipe',
  'meal_suggestion',
  'ingredient_substitution',
  'cook_time',
  'calories',
  'nutrition_info',
  'ingredients_list',
  'food_last',
  'translate',
  'travel_suggestion',
  'plug_type',
  'timezone',
  'exchange_rate',
  'international_visa',
  'vaccines',
  'calculator',
  'definition',
  'measurement_conversion',
  'flip_coin',
  'spelling',
  'roll_dice',
  'fun_fact',
  'tell_joke',
  'meaning_of_life',
  'distance',
  'directions',
  'gas_type',
  'oil_change_how',
  'tire_change',
  'jump_start',
  'what_song',
]);

/**
 * Up to `perIntent` train messages of each general-assistant intent, picked by a seeded hash so every run
 * takes the same ones. Capped so the few hundred BIPIA attacks still dominate the positives.
 */
export function readAssistantRequests(dataDir: string, perIntent: number, seed: number): string[] {
  if (perIntent <= 0) return [];
  const byIntent = new Map<string, string[]>();
  for (const { text, intent } of readClincIntents(dataDir, GENERAL_ASSISTANT_INTENTS)) {
    byIntent.set(intent, [...(byIntent.get(intent) ?? []), text]);
  }
  return [...byIntent.values()].flatMap((texts) =>
    [...texts].sort((a, b) => stableHash(a, seed) - stableHash(b, seed)).slice(0, perIntent),
  );
}
