/** What a recall would change and how levels drifted: types only, shared with the tablets. */
import type { DriftNote } from '../profiles/drift';
import type { ChannelDiff } from '../profiles/recall-diff';

export interface RecallPreview {
  id: string;
  venue: string;
  diff: ChannelDiff[];
  drift: DriftNote[];
}
