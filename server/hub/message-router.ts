/**
 * Routes valid client messages to the feature that handles their type. Each feature registers a table of
 * handlers with the role each needs; the router refuses a viewer's engineer-only message with 'forbidden'
 * before the handler sees it, and turns a handler's failure into an error reply. Connection-level messages
 * (auth, logout) are the hub's own and never reach the router.
 */
import type { ClientMessage, Role, ServerMessage } from './protocol';

/** The tablet a message came from. */
export interface ClientContext {
  clientId: string;
  role: Role;
}

/** Messages about the tablet's own link (role, meter format and view, resync) are the hub's. */
export type SessionMessage = Extract<ClientMessage, { type: 'auth' | 'logout' | 'hello' | 'resync' | 'meters-view' | 'suggestion-detail' }>;
export type RoutedMessage = Exclude<ClientMessage, SessionMessage>;

export interface MessageHandler<M extends RoutedMessage> {
  /** Lowest role allowed to send the message. */
  access: Role;
  /** Resolves with the replies for the sender (broadcasts go out separately). */
  handle(client: ClientContext, message: M): Promise<ServerMessage[]>;
}

/** A feature's handlers, by message type. */
export type HandlerTable = { [T in RoutedMessage['type']]?: MessageHandler<Extract<RoutedMessage, { type: T }>> };

export class RouterError extends Error {
  readonly code = 'duplicate-handler';
  constructor(message: string) {
    super(message);
    this.name = 'RouterError';
  }
}

export class MessageRouter {
  readonly #handlers = new Map<string, MessageHandler<RoutedMessage>>();
  readonly #onError: (error: unknown, message: RoutedMessage) => void;

  /**
   * @throws RouterError when two tables handle the same message type.
   * @param onError hears about handlers that reject (the sender gets an 'internal' error).
   */
  constructor(tables: readonly HandlerTable[], onError: (error: unknown, message: RoutedMessage) => void) {
    this.#onError = onError;
    for (const table of tables) {
      for (const [type, handler] of Object.entries(table)) {
        if (handler === undefined) continue;
        if (this.#handlers.has(type)) throw new RouterError(`two features handle '${type}' messages`);
        this.#handlers.set(type, handler as MessageHandler<RoutedMessage>);
      }
    }
  }

  /** Never rejects: refusals and failures come back as error replies. */
  async dispatch(client: ClientContext, message: RoutedMessage): Promise<ServerMessage[]> {
    const requestId = message.requestId ?? null;
    const handler = this.#handlers.get(message.type);
    if (!handler) return [{ type: 'error', requestId, code: 'unsupported', message: `this bridge does not handle '${message.type}' messages` }];
    if (handler.access === 'engineer' && client.role !== 'engineer') {
      return [{ type: 'error', requestId, code: 'forbidden', message: `'${message.type}' needs the engineer role: unlock this tablet with the engineer PIN.` }];
    }
    try {
      return await handler.handle(client, message);
    } catch (error) {
      this.#onError(error, message);
      return [{ type: 'error', requestId, code: 'internal', message: `'${message.type}' failed inside the bridge: ${(error as Error).message ?? String(error)}` }];
    }
  }
}
