/** What a recall would change and how levels drifted: types only, shared with the tablets. */
import type { DriftNote } from '../profiles/drift';
import type { ChannelDiff } from '../profiles/recall-diff';
import type { RecallPlan } from './recall-plan';

export interface RecallPreview {
  id: string;
  venue: string;
  diff: ChannelDiff[];
  drift: DriftNote[];
  /** Every value the recall writes (stored and compensating) and what each channel does in the PA and each mix. */
  plan: RecallPlan;
}
