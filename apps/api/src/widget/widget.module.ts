import { Module } from '@nestjs/common';
import { AgentsModule } from '@app/agents';
import { ConversationsModule } from '@app/conversations';
import { RagModule } from '@app/rag';
import { DemoController } from './demo.controller';
import { DemoPages } from './demo-pages';
import { DemoSetup } from './demo-setup.service';
import { DemoSiteKeyHolder, DemoSiteKeyProvider } from './demo-site-key.provider';
import { WidgetBundle } from './widget-bundle';
import { WidgetController } from './widget.controller';

/** Serves the chat widget bundle (`/widget.js`) and the demo page (`/`) that shows it; sets up the demo tenant. */
@Module({
  imports: [RagModule, AgentsModule, ConversationsModule],
  controllers: [WidgetController, DemoController],
  providers: [
    WidgetBundle,
    DemoPages,
    DemoSiteKeyHolder,
    DemoSetup,
    // One instance behind both tokens: the embedded start calls `app.get(DemoSiteKeyHolder).use(key)`.
    { provide: DemoSiteKeyProvider, useExisting: DemoSiteKeyHolder },
  ],
  exports: [DemoSiteKeyHolder, DemoSiteKeyProvider, DemoSetup],
})
export class WidgetModule {}
