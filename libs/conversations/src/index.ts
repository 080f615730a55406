// Conversations: contacts, conversations, messages and the handoff state machine.
export * from './conversation.types';
export * from './events/conversation-events';
// The socket.io protocol of /widget and /console (types shared with the widget bundle).
export * from './protocol/socket-protocol';
