import { GuardReasonCode } from './guard.types';

/** What the visitor reads when a message is blocked: polite, says what to do next, reveals no rule. */
export function refusalFor(code: GuardReasonCode): string {
  switch (code) {
    case 'empty':
      return 'It looks like your message was empty. Could you type your question again?';
    case 'too_long':
      return 'Your message is too long for me to handle. Could you shorten it or split it into a few messages?';
    case 'binary':
    case 'invalid_unicode':
    case 'not_text':
      return "I couldn't read that message; it seems to contain unsupported characters. Could you retype it as plain text?";
    case 'injection_rule':
    case 'injection_model':
      return "Sorry, I can't help with that request. I'm here to answer questions about our products and services — what can I help you with?";
    case 'toxicity_rule':
    case 'toxicity_model':
      return "I'd like to help, but I can't continue with messages like this. Please rephrase, and I'll do my best to sort things out.";
  }
}
