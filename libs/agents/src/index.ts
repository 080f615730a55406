// Intent classification: the built-in trainable classifier (no pretrained weights) and its metrics.
export * from './intents';
// Guard: input checks, PII redaction with a tool-only vault, injection and toxicity detection.
export * from './guard';
// Entities: typed, normalised extractors (email, phone, dates, amounts, tenant references, products).
export * from './entities';
