import { AIMessage, BaseMessage, HumanMessage, SystemMessage } from '@langchain/core/messages';
import { ChatMessage, ChatRole } from '../slm.types';

/** LangChain message types mapped onto the three chat roles small models are trained on. */
export function fromLangChainMessages(messages: BaseMessage[]): ChatMessage[] {
  return messages.map((message) => ({ role: roleOf(message), content: message.text }));
}

export function toLangChainMessages(messages: ChatMessage[]): BaseMessage[] {
  return messages.map(({ role, content }) => {
    if (role === 'system') return new SystemMessage(content);
    if (role === 'assistant') return new AIMessage(content);
    return new HumanMessage(content);
  });
}

function roleOf(message: BaseMessage): ChatRole {
  switch (message.getType()) {
    case 'system':
    case 'developer':
      return 'system';
    case 'ai':
      return 'assistant';
    case 'generic': {
      const role = (message as BaseMessage & { role?: string }).role;
      return role === 'system' || role === 'assistant' ? role : 'user';
    }
    case 'human':
    case 'tool':
    default:
      // tool and function results too: small chat templates only know them as user turns
      return 'user';
  }
}
