/**
 * X32/M32 meter banks (Unofficial X32/M32 OSC Remote Protocol, "Meter requests"):
 *   /meters/1  96 values: 32 input channels, 32 gate gain reductions, 32 dynamics gain reductions
 *   /meters/2  49 values: 16 bus masters, 6 matrices, main L, main R, M/C, then 24 bus/mtx/main dynamics GR
 * Gain-reduction meters are a linear gain factor: 1.0 is no reduction (the PDF's /meters/6 example reply of
 * a silent channel carries 1.0 for gate and dynamics), so the reduction in dB is -20 log10(factor).
 */
import { gainReductionDb } from '../../model/gain-reduction';
import type { MeterCapabilities } from '../../model/stages';
import type { MeterBank } from '../x-family/family';

const X32_INPUTS = 32;

export const X32_METER_BANKS: readonly MeterBank[] = [
  {
    address: '/meters/1',
    encoding: 'float32',
    count: 96,
    primary: true,
    fill(valuesDb, frame) {
      frame.channelInputDbfs = valuesDb.slice(0, X32_INPUTS);
      frame.channelGateGrDb = valuesDb.slice(X32_INPUTS, 2 * X32_INPUTS).map(gainReductionDb);
      frame.channelDynGrDb = valuesDb.slice(2 * X32_INPUTS, 3 * X32_INPUTS).map(gainReductionDb);
    },
  },
  {
    address: '/meters/2',
    encoding: 'float32',
    count: 49,
    primary: false,
    fill(valuesDb, frame) {
      frame.busDbfs = valuesDb.slice(0, 16);
      frame.matrixDbfs = valuesDb.slice(16, 22);
      frame.mainDbfs = [valuesDb[22] ?? -Infinity, valuesDb[23] ?? -Infinity];
    },
  },
];

export const X32_METER_CAPABILITIES: MeterCapabilities = {
  channelInput: true,
  gateReduction: true,
  dynamicsReduction: true,
  channelPostFader: false,
  buses: true,
  matrices: true,
  main: true,
};
