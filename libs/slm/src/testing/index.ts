export * from './ensure-tiny-models';
export { TINY_CLASSIFIER_LABELS, TINY_DECODER, TINY_ENCODER } from './tiny-models.fixture';
