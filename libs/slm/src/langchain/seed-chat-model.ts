import { CallbackManagerForLLMRun } from '@langchain/core/callbacks/manager';
import {
  BaseChatModel,
  BaseChatModelCallOptions,
  BaseChatModelParams,
} from '@langchain/core/language_models/chat_models';
import { AIMessage, AIMessageChunk, BaseMessage } from '@langchain/core/messages';
import { ChatGenerationChunk, ChatResult } from '@langchain/core/outputs';
import { Generator, Passage } from '../slm.types';
import { fromLangChainMessages } from './message-mapping';

export interface SeedChatModelCallOptions extends BaseChatModelCallOptions {
  /** Passages to answer from, cited as [1], [2], ... (see `GenerateOptions.passages`). */
  passages?: Passage[];
  maxNewTokens?: number;
}

export interface SeedChatModelInput extends BaseChatModelParams {
  generator: Generator;
  maxNewTokens?: number;
}

/** A Seed generator as a LangChain chat model: `invoke`, `stream`, chains and agents all work. */
export class SeedChatModel extends BaseChatModel<SeedChatModelCallOptions> {
  private readonly generator: Generator;
  private readonly maxNewTokens?: number;

  static override lc_name(): string {
    return 'SeedChatModel';
  }

  constructor(fields: SeedChatModelInput) {
    super(fields);
    this.generator = fields.generator;
    this.maxNewTokens = fields.maxNewTokens;
  }

  _llmType(): string {
    return 'seed';
  }

  override async *_streamResponseChunks(
    messages: BaseMessage[],
    options: this['ParsedCallOptions'],
    runManager?: CallbackManagerForLLMRun,
  ): AsyncGenerator<ChatGenerationChunk> {
    const tokens = this.generator.generate(fromLangChainMessages(messages), {
      signal: options.signal,
      passages: options.passages,
      maxNewTokens: options.maxNewTokens ?? this.maxNewTokens,
    });
    for await (const token of tokens) {
      yield new ChatGenerationChunk({ text: token, message: new AIMessageChunk({ content: token }) });
      await runManager?.handleLLMNewToken(token);
    }
  }

  async _generate(
    messages: BaseMessage[],
    options: this['ParsedCallOptions'],
    runManager?: CallbackManagerForLLMRun,
  ): Promise<ChatResult> {
    let text = '';
    for await (const chunk of this._streamResponseChunks(messages, options, runManager)) text += chunk.text;
    return { generations: [{ text, message: new AIMessage(text) }] };
  }
}
