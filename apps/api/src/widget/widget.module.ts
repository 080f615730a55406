import { Module } from '@nestjs/common';
import { DemoController } from './demo.controller';
import { DemoPages } from './demo-pages';
import { DemoSiteKeyHolder, DemoSiteKeyProvider } from './demo-site-key.provider';
import { WidgetBundle } from './widget-bundle';
import { WidgetController } from './widget.controller';

/** Serves the chat widget bundle (`/widget.js`) and the demo page (`/`) that shows it. */
@Module({
  controllers: [WidgetController, DemoController],
  providers: [
    WidgetBundle,
    DemoPages,
    DemoSiteKeyHolder,
    // One instance behind both tokens: the embedded start calls `app.get(DemoSiteKeyHolder).use(key)`.
    { provide: DemoSiteKeyProvider, useExisting: DemoSiteKeyHolder },
  ],
  exports: [DemoSiteKeyHolder, DemoSiteKeyProvider],
})
export class WidgetModule {}
