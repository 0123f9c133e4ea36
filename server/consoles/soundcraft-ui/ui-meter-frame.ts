/**
 * A decoded Ui VU frame as Headroom's MeterFrame: channel input is the desk's "pre" meter (after the preamp,
 * before EQ, gate and compressor), channel post-fader its post-fader meter; buses are the aux post-fader
 * meters then the FX buses' (the louder of left and right), as ./ui-keys.ts orders the buses; main is the
 * master's left and right post-fader meters. The desk meters no gain reduction.
 */
import type { MeterFrame } from '../../model/meter-frame';
import type { UiLayout } from './ui-keys';
import { uiVuDbfs } from './ui-law';
import type { UiVuFrame } from './ui-vu-frame';

export type UiMeterResult = { ok: true; frame: MeterFrame } | { ok: false; reason: string };

/** Builds the frame for `layout`; a VU frame with fewer strips than the model has is refused with a reason. */
export function uiMeterFrame(vu: UiVuFrame, layout: UiLayout, atMs: number): UiMeterResult {
  const [left, right] = vu.master;
  if (vu.input.length < layout.inputs || vu.aux.length < layout.aux || vu.fx.length < layout.fx || !left || !right) {
    return {
      ok: false,
      reason: `VU2 frame with ${vu.input.length} inputs, ${vu.aux.length} aux, ${vu.fx.length} FX, ${vu.master.length} master meters is short for a ${layout.label}`,
    };
  }
  const inputs = vu.input.slice(0, layout.inputs);
  const fx = vu.fx.slice(0, layout.fx).map((strip) => Math.max(uiVuDbfs(strip.postFaderLByte), uiVuDbfs(strip.postFaderRByte)));
  return {
    ok: true,
    frame: {
      atMs,
      channelInputDbfs: inputs.map((strip) => uiVuDbfs(strip.preByte)),
      channelGateGrDb: [],
      channelDynGrDb: [],
      channelPostFaderDbfs: inputs.map((strip) => uiVuDbfs(strip.postFaderByte)),
      busDbfs: [...vu.aux.slice(0, layout.aux).map((strip) => uiVuDbfs(strip.postFaderByte)), ...fx],
      matrixDbfs: [],
      mainDbfs: [uiVuDbfs(left.postFaderByte), uiVuDbfs(right.postFaderByte)],
    },
  };
}
