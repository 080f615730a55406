import { Module } from '@nestjs/common';
import { ConversationsModule } from '@app/conversations';
import { WidgetSettingsController } from './widget-settings.controller';

@Module({
  imports: [ConversationsModule],
  controllers: [WidgetSettingsController],
})
export class WidgetSettingsApiModule {}
