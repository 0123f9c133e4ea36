/** What the stage box's parts need of the desks in a set, by desk id. */
import type { ConsoleSnapshot } from '../model/stages';
import type { Journal } from '../safety/journal';
import type { SafeWriter } from '../safety/safe-writer';

export interface DeskAccess {
  /** "Monitors"; the id for a desk not in the set. */
  name(desk: string): string;
  snapshot(desk: string): ConsoleSnapshot;
  /** The desk's safe writer; null until its bridge runs. */
  writer(desk: string): SafeWriter | null;
  journal(desk: string): Journal;
}
