import { Module } from '@nestjs/common';
import { ConversationsModule } from '@app/conversations';
import { RagModule } from '@app/rag';
import { UsersModule } from '../users/users.module';
import { ConsoleGateway } from './console.gateway';
import { ConversationRelay } from './conversation-relay';
import { loadRealtimeConfig, REALTIME_CONFIG } from './realtime.config';
import { ReplyCancellation } from './reply-cancellation';
import { WidgetGateway } from './widget.gateway';
import { WidgetSessions } from './widget-sessions';

/**
 * The socket.io gateways: `/widget` for visitors, `/console` for human agents. The socket.io server
 * itself (and its Redis adapter) is set up in create-api-app.ts with SocketIoAdapter.
 */
@Module({
  imports: [ConversationsModule, RagModule, UsersModule],
  providers: [
    { provide: REALTIME_CONFIG, useFactory: () => loadRealtimeConfig() },
    ConversationRelay,
    ReplyCancellation,
    WidgetSessions,
    WidgetGateway,
    ConsoleGateway,
  ],
})
export class RealtimeModule {}
