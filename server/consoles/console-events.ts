/**
 * The listen side every Console adapter shares: meter frames, changes made at the desk, the connection state
 * and snapshot change batches, each a Topic (or the ChangeFeed) that isolates a throwing listener. An
 * adapter extends this and publishes through the protected topics; the six adapters each carried the same
 * four fields, four constructor lines and four listen methods.
 */
import { ChangeFeed, type SnapshotChanges } from './change-feed';
import type { ConnectionState, DeskChange } from './console';
import type { MeterFrame } from '../model/meter-frame';
import type { ConsoleSnapshot } from '../model/stages';
import { Topic, type Unsubscribe } from '../model/topic';

export abstract class ConsoleEvents {
  protected readonly meterTopic: Topic<MeterFrame>;
  protected readonly deskChangeTopic: Topic<DeskChange>;
  protected readonly stateTopic: Topic<ConnectionState>;
  protected readonly changeFeed: ChangeFeed;

  /**
   * @param onListenerError receives anything a listener throws.
   * @param defer how the change feed waits for the end of a tick before it publishes a batch.
   */
  constructor(onListenerError: (error: unknown) => void, defer: (run: () => void) => void) {
    this.meterTopic = new Topic(onListenerError);
    this.deskChangeTopic = new Topic(onListenerError);
    this.stateTopic = new Topic(onListenerError);
    this.changeFeed = new ChangeFeed(() => this.snapshot(), onListenerError, defer);
  }

  abstract snapshot(): ConsoleSnapshot;

  onMeters(listener: (frame: MeterFrame) => void): Unsubscribe {
    return this.meterTopic.listen(listener);
  }

  onDeskChange(listener: (change: DeskChange) => void): Unsubscribe {
    return this.deskChangeTopic.listen(listener);
  }

  onState(listener: (state: ConnectionState) => void): Unsubscribe {
    return this.stateTopic.listen(listener);
  }

  onChanges(listener: (batch: SnapshotChanges) => void): Unsubscribe {
    return this.changeFeed.listen(listener);
  }
}
