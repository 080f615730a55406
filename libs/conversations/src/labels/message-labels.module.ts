import { Module } from '@nestjs/common';
import { AgentsModule } from '@app/agents';
import { LabelledMessagesRepository } from './labelled-messages.repository';
import { MessageLabelsService } from './message-labels.service';

/** Teacher labels on visitor messages (the training data of distillation). */
@Module({
  imports: [AgentsModule],
  providers: [LabelledMessagesRepository, MessageLabelsService],
  exports: [MessageLabelsService],
})
export class MessageLabelsModule {}
