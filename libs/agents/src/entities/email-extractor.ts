import { findEmails } from './contact-patterns';
import { EmailEntity } from './entity.types';

export function extractEmails(text: string): EmailEntity[] {
  return findEmails(text).map((span) => ({ type: 'email', ...span, value: span.text.toLowerCase() }));
}
