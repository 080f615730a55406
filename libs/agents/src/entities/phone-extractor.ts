import { findPhones, normalizePhone } from './contact-patterns';
import { PhoneEntity } from './entity.types';

export function extractPhones(text: string, defaultCallingCode?: string): PhoneEntity[] {
  return findPhones(text).map((span) => ({
    type: 'phone',
    ...span,
    value: normalizePhone(span.text, defaultCallingCode),
  }));
}
