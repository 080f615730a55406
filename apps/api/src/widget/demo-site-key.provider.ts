import { Injectable } from '@nestjs/common';

/**
 * Which public site key the demo page at `/` embeds. The embedded start creates a demo tenant and
 * hands its site key over with `use()`; until then (and in a production api) the key is null and the
 * page says the demo is not set up. Another source (config, a database lookup) can replace this
 * provider in WidgetModule without touching the controller.
 */
export abstract class DemoSiteKeyProvider {
  abstract siteKey(): Promise<string | null>;
}

@Injectable()
export class DemoSiteKeyHolder extends DemoSiteKeyProvider {
  private key: string | null = null;

  use(siteKey: string | null): void {
    this.key = siteKey;
  }

  siteKey(): Promise<string | null> {
    return Promise.resolve(this.key);
  }
}
