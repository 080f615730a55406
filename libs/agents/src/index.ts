// Intent classification: the built-in trainable classifier (no pretrained weights) and its metrics.
export * from './intents';
// Guard: input checks, PII redaction with a tool-only vault, injection and toxicity detection.
export * from './guard';
// Entities: typed, normalised extractors (email, phone, dates, amounts, tenant references, products).
export * from './entities';
// Agents: definitions, intent model versions, tools and the message pipeline.
export * from './agents/agent.types';
export { AgentsModule } from './agents/agents.module';
export { AgentsWorkerModule } from './agents/agents-worker.module';
export { AgentsService } from './agents/agents.service';
export type { AgentSettingsInput, CreateAgentInput, ToolInput, UpdateAgentInput } from './agents/agents.service';
export { IntentTrainingService } from './agents/intent-training.service';
export type { TrainingInput } from './agents/intent-training.service';
export { IntentModelsRepository } from './agents/intent-models.repository';
export type { IntentModelStatus, IntentModelVersion } from './agents/intent-models.repository';
export { INTENT_TRAINING_QUEUE } from './agents/intent-training.producer';
export { AgentPipeline } from './pipeline/agent-pipeline.service';
export * from './pipeline/pipeline.types';
export { checkGrounding } from './pipeline/grounding-check';
export type { GroundingReport } from './pipeline/grounding-check';
export { HttpToolRunner } from './tools/http-tool.runner';
export type { ToolOutcome } from './tools/http-tool.runner';
export { assertValidParametersSchema } from './tools/tool-arguments';
export { expandUrlTemplate, templateVariables } from './tools/url-template';
export { SecretBox } from './secrets/secret-box';
export type { SealedSecret } from './secrets/secret-box';
export { loadSecretKey } from './secrets/secret-key.config';
export { SECRET_BOX } from './secrets/secrets.tokens';
// Distillation: teacher labels (human decisions) train a student intent model, graded by agreement.
export * from './distillation';
