/**
 * X-Air (XR12/XR16/XR18, MR18) meter banks: int16 little-endian values in 1/256 dB after an int32 count
 * (X AIR OSC document fw 1.11, "/meters"; the count is the number of int16 values). Layouts (mxfriend
 * libmxair meter bank sizes, Behringer's list):
 *   /meters/1  40 values: 16 channels (pre-fader input), aux L/R, 4 FX returns L/R, 6 buses, 4 FX sends,
 *              main L/R (post-fader), monitor L/R
 *   /meters/6  39 values: 16 channel gate GR, 16 channel compressor GR, 6 bus compressor GR, main GR
 * Gain-reduction values are dB of gain (0 = no reduction, negative = reducing).
 */
import type { MeterCapabilities } from '../../model/stages';
import type { MeterBank } from '../x-family/family';
import { gainReductionDb } from '../../model/gain-reduction';

const XAIR_INPUTS = 16;

export const XAIR_METER_BANKS: readonly MeterBank[] = [
  {
    address: '/meters/1',
    encoding: 'int16',
    count: 40,
    primary: true,
    fill(valuesDb, frame) {
      frame.channelInputDbfs = valuesDb.slice(0, XAIR_INPUTS);
      frame.busDbfs = valuesDb.slice(26, 32);
      frame.mainDbfs = [valuesDb[36] ?? -Infinity, valuesDb[37] ?? -Infinity];
    },
  },
  {
    address: '/meters/6',
    encoding: 'int16',
    count: 39,
    primary: false,
    fill(valuesDb, frame) {
      frame.channelGateGrDb = valuesDb.slice(0, XAIR_INPUTS).map(gainReductionDb);
      frame.channelDynGrDb = valuesDb.slice(XAIR_INPUTS, 2 * XAIR_INPUTS).map(gainReductionDb);
    },
  },
];

export const XAIR_METER_CAPABILITIES: MeterCapabilities = {
  channelInput: true,
  gateReduction: true,
  dynamicsReduction: true,
  channelPostFader: false,
  buses: true,
  matrices: false,
  main: true,
};
