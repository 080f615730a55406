export * from './ensure-tiny-models';
export {
  TINY_CLASSIFIER_LABELS,
  TINY_DECODER,
  TINY_ENCODER,
  TINY_NLI_CONTRADICTED_WORD,
  TINY_NLI_LABELS,
} from './tiny-models.fixture';
export * from './config-problems';
