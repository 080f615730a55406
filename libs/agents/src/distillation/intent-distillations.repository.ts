import { Injectable } from '@nestjs/common';
import { Database } from '@app/core';

/** How a distilled intent_models version is trained and graded (see the intent_labels migration). */
export interface DistillationPlan {
  modelId: string;
  teacherExamples: number;
  comparedModelId: string | null;
  comparedVersion: number | null;
}

/** All SQL of intent_distillations. */
@Injectable()
export class IntentDistillationsRepository {
  constructor(private readonly database: Database) {}

  async insert(tenantId: string, plan: DistillationPlan): Promise<void> {
    await this.database.pool.query(
      `INSERT INTO intent_distillations (model_id, tenant_id, teacher_examples, compared_model_id, compared_version)
       VALUES ($1, $2, $3, $4, $5)`,
      [plan.modelId, tenantId, plan.teacherExamples, plan.comparedModelId, plan.comparedVersion],
    );
  }

  /** Null for a version trained from uploaded examples. */
  async find(tenantId: string, modelId: string): Promise<DistillationPlan | null> {
    const { rows } = await this.database.pool.query<DistillationPlan>(
      `SELECT model_id AS "modelId", teacher_examples AS "teacherExamples", compared_model_id AS "comparedModelId",
         compared_version AS "comparedVersion"
       FROM intent_distillations WHERE tenant_id = $1 AND model_id = $2`,
      [tenantId, modelId],
    );
    return rows[0] ?? null;
  }
}
