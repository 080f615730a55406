import { Injectable, Logger } from '@nestjs/common';
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { DomainError, ErrorCode } from '@app/core';
import { PROJECT_ROOT, RUNNING_FROM_DIST } from './project-root';

export interface WidgetAsset {
  code: Buffer;
  /** Strong validator of the bundle's bytes, quoted as HTTP wants it. */
  etag: string;
}

/** Written by `npm run build:widget` (part of `npm run build`). */
export const BUILT_WIDGET_PATH = join(PROJECT_ROOT, 'dist', 'widget', 'widget.js');
const WIDGET_BUILD_SCRIPT = join(PROJECT_ROOT, 'apps', 'widget', 'widget-build.js');

/**
 * The `/widget.js` bundle, loaded once per process. A built api serves the file `npm run build:widget`
 * wrote; an api running from sources (jest, `npm run dev`) bundles the widget sources with esbuild on
 * the first request instead, so it never serves a stale build.
 */
@Injectable()
export class WidgetBundle {
  private readonly logger = new Logger(WidgetBundle.name);
  private asset?: Promise<WidgetAsset>;

  get(): Promise<WidgetAsset> {
    // A failed load is not cached: the next request tries again (e.g. after the build was run).
    this.asset ??= this.load().catch((error: unknown) => {
      this.asset = undefined;
      throw error;
    });
    return this.asset;
  }

  private async load(): Promise<WidgetAsset> {
    const code = RUNNING_FROM_DIST ? await this.readBuilt() : await this.bundleSources();
    const etag = `"${createHash('sha256').update(code).digest('base64url').slice(0, 32)}"`;
    return { code, etag };
  }

  private async readBuilt(): Promise<Buffer> {
    if (!existsSync(BUILT_WIDGET_PATH)) {
      throw new DomainError(ErrorCode.ServiceUnavailable, 'the widget bundle is not built: run `npm run build:widget`');
    }
    return readFile(BUILT_WIDGET_PATH);
  }

  private async bundleSources(): Promise<Buffer> {
    // A plain CommonJS script shared with scripts/build-widget.js, so both build the same bundle.
    const { bundleWidget } = createRequire(__filename)(WIDGET_BUILD_SCRIPT) as { bundleWidget(): Promise<Buffer> };
    try {
      const code = await bundleWidget();
      this.logger.log(`bundled the widget from sources (${code.length} bytes)`);
      return code;
    } catch (error) {
      this.logger.error(`widget bundle failed: ${(error as Error).message}`);
      throw new DomainError(ErrorCode.ServiceUnavailable, 'the widget bundle could not be built from sources');
    }
  }
}
