import { IngestionWorkerModule } from '@app/rag';
import { SlmModule } from '@app/slm';
import { ModuleTestContext, startModuleContext } from '../../support/module-test-context';

export type RagTestContext = ModuleTestContext;

/**
 * The knowledge services with real repositories on a fresh database. Jobs are not consumed: tests
 * call the processor themselves, so each step is deterministic. The queue is the in-process one
 * (its rows are just inspected), whatever REDIS_URL says.
 */
export function createRagTestContext(): Promise<RagTestContext> {
  return startModuleContext({ imports: [SlmModule.forRoot(), IngestionWorkerModule] });
}
