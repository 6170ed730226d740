/**
 * The xstate setup shared by the isolation model's machines: its guards and actions (the
 * contig, PCP and buddy models' included) wrapped so that xstate's own `transition()` can run
 * them.
 */
import type { Mm } from '../mm/kernel.ts';
import { setup, xActions, xGuards, type KernelContext, type StepEvent } from '../../src/machine/xstate.ts';
import { actions, guards } from './impl.ts';

/** `setup({ guards, actions })` of the isolation paths. */
export const isolation = setup({
  types: {
    context: {} as KernelContext<Mm>,
    events: {} as StepEvent,
    input: {} as KernelContext<Mm>,
  },
  guards: xGuards<Mm, typeof guards>(guards),
  actions: xActions<Mm, typeof actions>(actions),
});

export { fromInput } from '../buddy/setup.ts';
