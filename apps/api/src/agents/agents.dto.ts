import { z } from 'zod';
import {
  AgentDefinition,
  assertValidParametersSchema,
  compileEntityConfig,
  DEFAULT_GUARD_POLICY,
  DEFAULT_INTENT_TEACHER_TIMEOUT_MS,
  DEFAULT_MIN_INTENT_CONFIDENCE,
  DEFAULT_THRESHOLDS,
  HTTP_METHODS,
  INTENT_TEACHER_TIMEOUT_BOUNDS_MS,
  OUT_OF_SCOPE_ROUTES,
  templateVariables,
} from '@app/agents';

export const uuidSchema = z.string().uuid('expected a UUID');

const text = (max: number) => z.string().max(max, `expected at most ${max} characters`);
const hhmm = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'expected HH:MM');
const unit = z.number().min(0, 'expected 0 to 1').max(1, 'expected 0 to 1');
const teacherBounds = INTENT_TEACHER_TIMEOUT_BOUNDS_MS;
const teacherRange = `expected ${teacherBounds.min} to ${teacherBounds.max} milliseconds`;
const intentTeacherTimeoutMs = z
  .number({ invalid_type_error: teacherRange })
  .int(`${teacherRange}, a whole number`)
  .min(teacherBounds.min, teacherRange)
  .max(teacherBounds.max, teacherRange);

const businessHoursSchema = z
  .object({
    timeZone: z.string().refine(isTimeZone, { message: 'expected an IANA time zone such as Europe/Paris' }),
    days: z.array(z.number().int().min(0).max(6)).min(1).max(7),
    open: hhmm,
    close: hhmm,
  })
  .strict();

const toolSchema = z
  .object({
    name: z.string().regex(/^[a-z0-9][a-z0-9_-]{0,63}$/, 'expected 1-64 lower-case letters, digits, _ or -'),
    description: text(500).default(''),
    intent: z.string().min(1).max(100),
    method: z.enum(HTTP_METHODS).default('GET'),
    url: z.string().refine((value) => /^https?:\/\//.test(value) && URL.canParse(value.replace(/[{}]/g, '')), {
      message: 'expected an http(s) URL template',
    }),
    headers: z.record(text(4000)).optional(),
    parameters: z.record(z.unknown()).default({ type: 'object', properties: {} }),
    argumentEntities: z.record(z.string().max(100)).default({}),
    mutating: z.boolean().default(false),
    timeoutMs: z.number().int().min(100).max(60_000).default(5_000),
    replyTemplate: text(2000).nullable().default(null),
  })
  .strict()
  .superRefine((tool, ctx) => {
    const problem = assertValidParametersSchema(tool.parameters);
    if (problem) ctx.addIssue({ code: 'custom', path: ['parameters'], message: `invalid JSON schema: ${problem}` });
    const properties = Object.keys((tool.parameters.properties as object | undefined) ?? {});
    for (const name of templateVariables(tool.url)) {
      if (!properties.includes(name)) {
        ctx.addIssue({ code: 'custom', path: ['url'], message: `{${name}} is not a declared parameter` });
      }
    }
  });

const agentFields = {
  name: z.string().trim().min(1, 'expected 1 to 200 characters').max(200, 'expected 1 to 200 characters'),
  slug: z.string().regex(/^[a-z0-9][a-z0-9-]{0,62}$/, 'expected 1-63 lower-case letters, digits or -'),
  persona: text(4000).default(''),
  instructions: text(8000).default(''),
  collectionIds: z.array(uuidSchema).max(20, 'expected at most 20').default([]),
  guard: z
    .object({
      blockInjection: z.boolean().default(DEFAULT_GUARD_POLICY.blockInjection),
      blockToxicity: z.boolean().default(DEFAULT_GUARD_POLICY.blockToxicity),
      maxChars: z.number().int().min(1).max(100_000).default(DEFAULT_GUARD_POLICY.maxChars),
    })
    .strict()
    .default({}),
  outOfScope: z.enum(OUT_OF_SCOPE_ROUTES).default('answer'),
  thresholds: z
    .object({
      minRetrievalScore: unit.default(DEFAULT_THRESHOLDS.minRetrievalScore),
      minAnswerConfidence: unit.default(DEFAULT_THRESHOLDS.minAnswerConfidence),
      minSentenceSupport: unit.default(DEFAULT_THRESHOLDS.minSentenceSupport),
      minIntentConfidence: unit.default(DEFAULT_MIN_INTENT_CONFIDENCE),
      intentTeacherTimeoutMs: intentTeacherTimeoutMs.default(DEFAULT_INTENT_TEACHER_TIMEOUT_MS),
    })
    .strict()
    .default({}),
  escalation: z.boolean().default(true),
  handoff: z
    .object({
      intents: z.array(z.string().min(1).max(100)).max(200).default([]),
      outOfHoursMessage: text(2000).nullable().default(null),
      hours: businessHoursSchema.nullable().default(null),
    })
    .strict()
    .default({}),
  languages: z
    .array(z.string().regex(/^[a-z]{2,3}(-[A-Za-z0-9]{2,8})?$/, 'expected a language tag'))
    .max(20)
    .default(['en']),
  tools: z
    .array(toolSchema)
    .max(50)
    .default([])
    .refine((tools) => new Set(tools.map((tool) => tool.name)).size === tools.length, 'tool names must be unique'),
  entities: z
    .object({
      orderNumberPatterns: z.array(text(200)).max(20).optional(),
      ticketNumberPatterns: z.array(text(200)).max(20).optional(),
      products: z.array(text(200)).max(5000).optional(),
      defaultCallingCode: z
        .string()
        .regex(/^\d{1,4}$/)
        .optional(),
      dateOrder: z.enum(['DMY', 'MDY']).optional(),
    })
    .strict()
    .superRefine((config, ctx) => {
      try {
        compileEntityConfig(config);
      } catch (error) {
        ctx.addIssue({ code: 'custom', message: (error as Error).message });
      }
    })
    .default({}),
  topK: z.number().int().min(1).max(20).default(5),
};

export const createAgentSchema = z.object(agentFields).strict();
export type CreateAgentDto = z.infer<typeof createAgentSchema>;

export const updateAgentSchema = z.object(agentFields).strict().partial();
export type UpdateAgentDto = z.infer<typeof updateAgentSchema>;

const examplesSchema = z.array(z.object({ text: text(2000), label: text(100) }).strict()).max(100_000);

/** JSON `{ examples, oosExamples }`, or the text of a `text,label` CSV file (text/csv or text/plain). */
export const trainIntentsSchema = z.union([
  z.string().min(1, 'expected a CSV file with a text,label header'),
  z
    .object({
      examples: examplesSchema,
      oosExamples: z
        .array(z.object({ text: text(2000) }).strict())
        .max(100_000)
        .optional(),
    })
    .strict(),
]);
export type TrainIntentsDto = z.infer<typeof trainIntentsSchema>;

export const versionSchema = z.coerce.number().int('expected a version number').min(1, 'expected a version number');

export const previewMessageSchema = z
  .object({
    message: text(100_000),
    history: z
      .array(z.object({ role: z.enum(['user', 'assistant']), content: text(100_000) }).strict())
      .max(50)
      .optional(),
    pendingConfirmation: z
      .object({ tool: z.string(), args: z.record(z.unknown()) })
      .strict()
      .nullable()
      .optional(),
  })
  .strict();
export type PreviewMessageDto = z.infer<typeof previewMessageSchema>;

function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

/** The API form of an agent: flat, with tool header names only (their values are secrets). */
export function toAgentView(agent: AgentDefinition) {
  const { tools, ...settings } = agent.settings;
  return {
    id: agent.id,
    name: agent.name,
    slug: agent.slug,
    ...settings,
    tools: tools.map(({ headers, ...tool }) => ({ ...tool, headerNames: Object.keys(headers) })),
    activeIntentModel: agent.activeIntentModel ?? null,
    createdAt: new Date(agent.createdAt).toISOString(),
    updatedAt: new Date(agent.updatedAt).toISOString(),
  };
}

/** Splits the flat API body into the service's name, slug and settings. */
export function toAgentInput<T extends Partial<CreateAgentDto>>(body: T) {
  const { name, slug, ...rest } = body;
  // A PATCH leaves out what it does not change; undefined must not overwrite stored settings.
  const settings = Object.fromEntries(Object.entries(rest).filter(([, value]) => value !== undefined));
  return { name, slug, settings };
}
