/** A named high-precision pattern; the name goes into the trace, so reviewers can see what fired. */
export interface GuardRule {
  readonly name: string;
  readonly pattern: RegExp;
}

const PRIOR = String.raw`(?:all\s+|any\s+|the\s+|your\s+|my\s+|of\s+)*(?:previous|prior|above|earlier|preceding|former|original|initial|system|existing|old)`;
const DIRECTIVES = String.raw`(?:instructions?|prompts?|rules|directions|directives|guidelines|context|commands|programming|constraints)`;

/**
 * Classic jailbreak and prompt-extraction phrasings. Each was checked against the BANKING77 and CLINC150
 * training messages (none fires there); the trained model covers paraphrases these miss.
 */
export const INJECTION_RULES: readonly GuardRule[] = [
  {
    name: 'ignore_previous_instructions',
    pattern: new RegExp(
      String.raw`\b(?:ignore|disregard|forget|override|skip|bypass|drop|abandon)\b[\w\s,']{0,20}?\b${PRIOR}\s+${DIRECTIVES}`,
      'i',
    ),
  },
  {
    name: 'ignore_all_instructions',
    pattern: new RegExp(
      String.raw`\b(?:ignore|disregard|forget)\s+(?:all|everything|any)\b[\w\s]{0,20}?\b${DIRECTIVES}`,
      'i',
    ),
  },
  {
    name: 'dan_persona',
    pattern: /\b(?:you\s+are\s+now|act\s+as|become|pretend\s+to\s+be)\s+(?:a\s+|an\s+)?DAN\b|\bdo\s+anything\s+now\b/i,
  },
  {
    name: 'unrestricted_persona',
    pattern:
      /\b(?:you\s+are\s+now|from\s+now\s+on,?\s+you\s+(?:are|will\s+be)|act\s+as|pretend\s+(?:to\s+be|you\s+are)|roleplay\s+as)\s+(?:an?\s+)?(?:unfiltered|uncensored|unrestricted|unlimited|jailbroken|evil|rogue|amoral|unaligned)\b/i,
  },
  // "How do I enable developer mode on my phone?" is a support question, so only the persona form counts.
  {
    name: 'developer_mode',
    pattern:
      /\byou(?:'re|\s+are)\s+(?:now\s+)?(?:in|running\s+in)\s+(?:developer|god|admin|sudo|jailbreak|dan)\s+mode\b|\b(?:god|dan|jailbreak)\s+mode\b/i,
  },
  {
    name: 'system_prompt_extraction',
    pattern:
      /\b(?:system|hidden|secret|internal)\s+(?:prompt|instructions)\b|\b(?:initial|original)\s+prompt\b|\b(?:reveal|print|repeat|show|output|leak|dump|recite)\s+(?:me\s+)?(?:your|the)\s+(?:full\s+|exact\s+|entire\s+)?(?:instructions|prompt|rules|configuration)\b/i,
  },
  {
    name: 'no_restrictions',
    pattern:
      /\b(?:without|no|free\s+of|ignore\s+(?:your|all|any))\s+(?:any\s+)?(?:restrictions|filters|censorship|guidelines|safety\s+(?:rules|guidelines|filters)|content\s+polic(?:y|ies)|ethical\s+(?:rules|guidelines))\b/i,
  },
  {
    name: 'new_instructions_marker',
    pattern:
      /(?:^|\n)\s*(?:#+\s*)?(?:new|updated|real|actual|important)\s+(?:instructions?|task|system\s+message)\s*:|<\|im_start\|>|<\|system\|>|\[\/?INST\]|<<SYS>>|<\/?system>/i,
  },
  { name: 'jailbreak_word', pattern: /\bjail\s?break(?:ing|ed)?\b|\bprompt\s+injection\b/i },
  {
    name: 'output_tampering',
    pattern:
      /\b(?:add|insert|integrate|append|embed|inject)\b(?:[^.?!\n]|\.(?=\S)){0,120}\b(?:in|into|to|within)\s+your\s+(?:response|reply|answer|output)\b|\b(?:modify|alter|enhance|augment|change)\s+your\s+(?:response|reply|answer|output)\s+(?:to|by|with)\b|\bin\s+your\s+(?:response|reply|answer),\s+(?:include|mention|add|suggest|promote|hint|tease|reference|insert)\b/i,
  },
  {
    name: 'output_encoding',
    pattern:
      /\b(?:your|the)\s+(?:response|reply|answer|output)\s+(?:in|into|using|with)\s+(?:base\s?\d{2}|hex(?:adecimal)?|binary|morse|rot13|caesar|reverse|a\s+cipher)\b|\b(?:encode|encrypt|reverse|scramble|cipher)\s+your\s+(?:response|reply|answer|message|output)\b/i,
  },
];

export function matchRules(text: string, rules: readonly GuardRule[]): GuardRule | null {
  for (const rule of rules) if (rule.pattern.test(text)) return rule;
  return null;
}
