import { GuardRule } from './injection-rules';

/**
 * Direct threats and self-harm incitement aimed at a person: rare, unambiguous, and worth blocking even
 * when the model is unsure. Insults and hate are left to the trained model, which sees context.
 */
export const TOXICITY_RULES: readonly GuardRule[] = [
  {
    name: 'violent_threat',
    pattern:
      /\b(?:i(?:'ll|\s+will|\s+am\s+going\s+to|'m\s+going\s+to|'m\s+gonna|\s+wanna|\s+want\s+to)|we(?:'ll|\s+will))\s+(?:\w+\s+)?(?:kill|murder|stab|shoot|strangle|slaughter|behead|lynch|rape)\s+(?:you|u|ya|them|all\s+of\s+you|your\s+family)\b/i,
  },
  { name: 'self_harm_incitement', pattern: /\b(?:go\s+)?(?:kill|hang)\s+your\s?self\b|\bkys\b/i },
];
