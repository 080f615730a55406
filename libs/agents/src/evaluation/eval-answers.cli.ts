import { LazyModuleLoader } from '@nestjs/core';
import { BeirDataset, BeirQuery, readBeirDataset } from '@app/rag';
// The evaluation harness reuses the knowledge CLIs' runtime and corpus ingestion rather than copying them.
import { KnowledgeRuntime, openKnowledgeRuntime } from '../../../rag/src/cli/knowledge-runtime';
import { renderProgress } from '../../../rag/src/cli/progress-bar';
import { CorpusIdOf, ingestBeirCorpus } from '../../../rag/src/evaluation/beir-corpus.ingest';
import { DEFAULT_GUARD_POLICY, DEFAULT_THRESHOLDS } from '../agents/agent.types';
import { AgentsModule } from '../agents/agents.module';
import { AgentSettingsInput, AgentsService } from '../agents/agents.service';
import { AgentPipeline } from '../pipeline/agent-pipeline.service';
import type { PipelineResult } from '../pipeline/pipeline.types';
import {
  AnswerRecord,
  bestTokenF1,
  formatReasons,
  groundedSentenceCounts,
  isAnswered,
  summarizeAnswers,
  unansweredReason,
} from './answer-metrics';
import { EVAL_ANSWERS_USAGE, parseEvalAnswersArgs } from './eval-answers.args';
import { goldAnswersOf } from './gold-answers';

async function main(): Promise<void> {
  const parsed = parseEvalAnswersArgs(process.argv.slice(2));
  if ('help' in parsed) {
    console.log(EVAL_ANSWERS_USAGE);
    process.exitCode = parsed.exitCode;
    return;
  }
  const { options } = parsed;
  const dataset = await readBeirDataset(options.dir, options.split);
  const queries = dataset.queries.filter((query) => dataset.qrels[query._id]);
  if (queries.length === 0) throw new Error(`${options.dir}: no query has judgements in qrels/${options.split}.tsv`);
  const runtime = await openKnowledgeRuntime('answers-eval');
  try {
    const summary = await evaluate(runtime, dataset, queries.slice(0, options.limit ?? queries.length));
    console.log(JSON.stringify(summary));
  } finally {
    await runtime.close();
  }
}

async function evaluate(runtime: KnowledgeRuntime, dataset: BeirDataset, queries: BeirQuery[]) {
  let started = Date.now();
  const corpusIdOf = await ingestBeirCorpus(runtime, dataset);
  const ingestSeconds = (Date.now() - started) / 1000;
  const agents = await runtime.app.get(LazyModuleLoader).load(() => AgentsModule);
  const agent = await agents.get(AgentsService).create(runtime.tenantId, {
    name: 'Answers evaluation',
    slug: 'answers-eval',
    settings: defaultSettings([runtime.collectionId]),
  });
  const pipeline = agents.get(AgentPipeline);
  started = Date.now();
  const records: AnswerRecord[] = [];
  const unanswered: string[] = [];
  for (const query of queries) {
    const result = await pipeline.handleMessage(agent, { tenantId: agent.tenantId }, query.text).result;
    records.push(recordOf(result, query, dataset, corpusIdOf));
    if (!isAnswered(result)) unanswered.push(unansweredReason(result));
    renderProgress('answer', records.length, queries.length);
  }
  const seconds = (Date.now() - started) / 1000;
  console.log(
    `${dataset.corpus.length} documents ingested in ${ingestSeconds.toFixed(1)} s on ${runtime.databaseKind}; ` +
      `${queries.length} queries answered in ${seconds.toFixed(1)} s (${((seconds * 1000) / queries.length).toFixed(0)} ms each)`,
  );
  console.log(`not answered: ${formatReasons(unanswered)}`);
  return { ...summarizeAnswers(records), seconds: Math.round(seconds * 10) / 10 };
}

function recordOf(result: PipelineResult, query: BeirQuery, dataset: BeirDataset, corpusIdOf: CorpusIdOf) {
  const answered = isAnswered(result);
  const golds = goldAnswersOf(query);
  const counts = groundedSentenceCounts(result.trace);
  return {
    answered,
    citedCorpusIds: answered ? result.citations.map(corpusIdOf) : [],
    goldCorpusIds: Object.keys(dataset.qrels[query._id] ?? {}),
    sentences: counts.sentences,
    supportedSentences: counts.supported,
    tokenF1: golds.length === 0 ? null : answered ? bestTokenF1(result.text, golds) : 0,
  };
}

/** What an agent created over the API with only a name, a slug and the collection gets. */
function defaultSettings(collectionIds: string[]): AgentSettingsInput {
  return {
    persona: '',
    instructions: '',
    collectionIds,
    guard: { ...DEFAULT_GUARD_POLICY },
    outOfScope: 'answer',
    thresholds: { ...DEFAULT_THRESHOLDS },
    escalation: true,
    handoff: { intents: [], outOfHoursMessage: null, hours: null },
    languages: ['en'],
    tools: [],
    entities: {},
    topK: 5,
  };
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 1;
});
