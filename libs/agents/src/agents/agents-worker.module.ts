import { Module } from '@nestjs/common';
import { AgentsModule } from './agents.module';
import { IntentTrainingProcessor } from './intent-training.processor';

/** The training side of agents, for processes that run jobs (the worker, the embedded start). */
@Module({
  imports: [AgentsModule],
  providers: [IntentTrainingProcessor],
})
export class AgentsWorkerModule {}
