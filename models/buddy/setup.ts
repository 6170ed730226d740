/**
 * The xstate setup shared by the buddy allocator's machines: its guards and actions are the
 * kernel-level functions of impl.ts, wrapped so that xstate's own `transition()` can run them.
 */
import type { Mm } from '../mm/kernel.ts';
import { setup, xActions, xGuards, type KernelContext, type StepEvent } from '../../src/machine/xstate.ts';
import { actions, guards } from './impl.ts';

/** `setup({ guards, actions })` of the buddy paths. */
export const buddy = setup({
  types: {
    context: {} as KernelContext<Mm>,
    events: {} as StepEvent,
    input: {} as KernelContext<Mm>,
  },
  guards: xGuards<Mm, typeof guards>(guards),
  actions: xActions<Mm, typeof actions>(actions),
});

/** The machine context is the input given when an operation starts. */
export const fromInput = ({ input }: { input: KernelContext<Mm> }): KernelContext<Mm> => input;
