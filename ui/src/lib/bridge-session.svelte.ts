/**
 * Who this tablet is at the bridge: its client id and the bridge's read-only flag (hello), the bridge's
 * status, and its role (viewer, or engineer after the PIN) with the bridge's words about it. It presents
 * the kept engineer token on every new socket and forgets one the bridge no longer knows.
 */
import type { BridgeStatus, ClientMessage, Role, ServerMessage } from '../../../server/hub/protocol';
import type { TokenKeeper } from './engineer-login';

export interface BridgeSessionDeps {
  /** Keeps the engineer token (from POST /api/login) across reloads and reconnections. */
  engineerToken: TokenKeeper;
  /** Sends a message if the socket is open; false when it is not. */
  send(message: ClientMessage): boolean;
  notify(tone: 'ok' | 'error' | 'info', text: string): void;
}

type SessionMessage = Extract<ServerMessage, { type: 'hello' | 'status' | 'role' }>;

export class BridgeSession {
  readonly #deps: BridgeSessionDeps;
  /** True between unlock() and the bridge's answer, so only an unlock the engineer asked for is announced. */
  #unlocking = false;
  #gotStatus = false;
  #clientId = $state<string | null>(null);
  #helloReadOnly = $state(false);
  #status = $state.raw<BridgeStatus | null>(null);
  #role = $state<Role>('viewer');
  #roleMessage = $state<string | null>(null);
  #roleNote = $state<string | null>(null);

  constructor(deps: BridgeSessionDeps) {
    this.#deps = deps;
  }

  get clientId(): string | null {
    return this.#clientId;
  }

  get status(): BridgeStatus | null {
    return this.#status;
  }

  /** A status arrived on the current socket. */
  get gotStatus(): boolean {
    return this.#gotStatus;
  }

  /** True when the bridge refuses writes (`--read-only`). */
  get readOnly(): boolean {
    return this.#status?.readOnly ?? this.#helloReadOnly;
  }

  get role(): Role {
    return this.#role;
  }

  get roleMessage(): string | null {
    return this.#roleMessage;
  }

  /** Why this tablet became a viewer without asking (new PIN after a restart, expired login), until unlocked or hidden. */
  get roleNote(): string | null {
    return this.#roleNote;
  }

  dismissRoleNote(): void {
    this.#roleNote = null;
  }

  /** The engineer token this tablet holds (for engineer-only HTTP endpoints), or null. */
  get engineerToken(): string | null {
    return this.#role === 'engineer' ? this.#deps.engineerToken.load() : null;
  }

  static handles(message: ServerMessage): message is SessionMessage {
    return message.type === 'hello' || message.type === 'status' || message.type === 'role';
  }

  /** A new socket opened: present the kept token. */
  opened(): void {
    this.#gotStatus = false;
    const token = this.#deps.engineerToken.load();
    if (token !== null) this.#deps.send({ type: 'auth', token });
  }

  /** The socket dropped: the bridge forgets this tablet's role with it. */
  dropped(): void {
    this.#gotStatus = false;
    this.#role = 'viewer';
  }

  receive(message: SessionMessage): void {
    switch (message.type) {
      case 'hello':
        this.#clientId = message.clientId;
        this.#helloReadOnly = message.readOnly;
        return;
      case 'status':
        this.#status = message.status;
        this.#gotStatus = true;
        return;
      case 'role':
        return this.#receiveRole(message);
    }
  }

  /** Presents a new engineer token (from POST /api/login) and keeps it for reconnections. */
  unlock(token: string): void {
    this.#deps.engineerToken.save(token);
    this.#unlocking = true;
    this.#deps.send({ type: 'auth', token });
  }

  /** Makes this tablet a viewer again and forgets its token (at the bridge too). */
  lock(): void {
    this.#deps.engineerToken.save(null);
    this.#deps.send({ type: 'logout' });
  }

  #receiveRole(message: Extract<ServerMessage, { type: 'role' }>): void {
    this.#role = message.role;
    this.#roleMessage = message.message;
    if (message.reason === 'token-unknown' || message.reason === 'token-expired') {
      this.#deps.engineerToken.save(null);
      this.#unlocking = false;
      this.#roleNote = `This tablet is a viewer now: ${message.message} The PIN is printed where the bridge runs (a restart makes a new one unless --pin or HEADROOM_PIN sets it).`;
    } else if (message.role === 'engineer') {
      this.#roleNote = null;
    }
    if (message.reason === 'token' && this.#unlocking) {
      this.#unlocking = false;
      this.#deps.notify('ok', message.message);
    }
  }
}
