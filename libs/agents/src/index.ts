// Intent classification: the built-in trainable classifier (no pretrained weights) and its metrics.
export * from './intents';
