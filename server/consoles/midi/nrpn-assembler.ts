/**
 * Assembles NRPNs from control changes (MIDI 1.0: CC 99/98 select a parameter, CC 6/38 carry its value).
 * State is kept per MIDI channel. A data MSB (CC 6) yields an event without an LSB; a following data LSB
 * (CC 38) yields the same parameter again with both bytes, so a reader can pick the form its device uses:
 * 7-bit devices that send CC 6 only, desks like the Allen & Heath Qu that send CC 6 then an index in CC 38,
 * or 14-bit devices whose value is MSB:LSB.
 */
import { CC_DATA_LSB, CC_DATA_MSB, CC_NRPN_LSB, CC_NRPN_MSB, CC_RPN_LSB, CC_RPN_MSB } from './midi-message';

export interface NrpnEvent {
  /** 0..15. */
  channel: number;
  /** 14-bit parameter number: CC 99 value << 7 | CC 98 value. */
  parameter: number;
  dataMsb: number;
  /** Null for the event raised by CC 6 alone. */
  dataLsb: number | null;
}

/** What a control change meant to the assembler. */
export type NrpnStep =
  /** Not an NRPN controller: the caller handles the CC itself. */
  | { kind: 'not-nrpn' }
  /** Part of an NRPN (or RPN) sequence that completes nothing yet. */
  | { kind: 'consumed' }
  | { kind: 'event'; event: NrpnEvent };

const NRPN_CONTROLLERS = new Set([CC_NRPN_MSB, CC_NRPN_LSB, CC_DATA_MSB, CC_DATA_LSB, CC_RPN_MSB, CC_RPN_LSB]);

/** The null parameter (MIDI 1.0): 127/127 deselects so stray data entries change nothing. */
const NULL_PARAMETER = 0x3fff;

interface ChannelState {
  parameterMsb: number | null;
  parameterLsb: number | null;
  dataMsb: number | null;
}

export class NrpnAssembler {
  readonly #channels = new Map<number, ChannelState>();

  /** Offers one control change. */
  accept(channel: number, controller: number, value: number): NrpnStep {
    if (!NRPN_CONTROLLERS.has(controller)) return { kind: 'not-nrpn' };
    const state = this.#state(channel);
    switch (controller) {
      case CC_NRPN_MSB:
        state.parameterMsb = value;
        state.dataMsb = null;
        return { kind: 'consumed' };
      case CC_NRPN_LSB:
        state.parameterLsb = value;
        state.dataMsb = null;
        return { kind: 'consumed' };
      case CC_RPN_MSB:
      case CC_RPN_LSB:
        // Data entries now address an RPN: forget the NRPN so they cannot be misread as one.
        state.parameterMsb = null;
        state.parameterLsb = null;
        state.dataMsb = null;
        return { kind: 'consumed' };
      case CC_DATA_MSB: {
        const parameter = selected(state);
        if (parameter === null) return { kind: 'consumed' };
        state.dataMsb = value;
        return { kind: 'event', event: { channel, parameter, dataMsb: value, dataLsb: null } };
      }
      default: {
        const parameter = selected(state);
        if (parameter === null || state.dataMsb === null) return { kind: 'consumed' };
        return { kind: 'event', event: { channel, parameter, dataMsb: state.dataMsb, dataLsb: value } };
      }
    }
  }

  #state(channel: number): ChannelState {
    let state = this.#channels.get(channel);
    if (!state) {
      state = { parameterMsb: null, parameterLsb: null, dataMsb: null };
      this.#channels.set(channel, state);
    }
    return state;
  }
}

function selected(state: ChannelState): number | null {
  if (state.parameterMsb === null || state.parameterLsb === null) return null;
  const parameter = (state.parameterMsb << 7) | state.parameterLsb;
  return parameter === NULL_PARAMETER ? null : parameter;
}
