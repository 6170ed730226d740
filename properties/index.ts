/** Every property, in the order state checks run (the first violated one is reported). */
import { P1 } from './p1-partition.ts';
import { P2 } from './p2-double-free.ts';
import { P3 } from './p3-sections.ts';
import { P4 } from './p4-refcounts.ts';
import { P5 } from './p5-buddy.ts';
import { P6 } from './p6-accounting.ts';
import { P7 } from './p7-locks.ts';
import { P8 } from './p8-hygiene.ts';
import { P9 } from './p9-ranges.ts';
import { P10 } from './p10-ownership.ts';
import { P11 } from './p11-fragments.ts';
import { P12 } from './p12-isolation-accounting.ts';
import { P13 } from './p13-pcp-disabled.ts';
import { P14 } from './p14-range-isolation.ts';
import { P15 } from './p15-highatomic.ts';
import { P16 } from './p16-merge-rule.ts';
import { P17 } from './p17-locks-at-return.ts';
import { Q1 } from './q1-quiescence.ts';
import { Q2 } from './q2-owned-state.ts';
import type { Property } from './types.ts';

export type { Property, PropertyKind } from './types.ts';
export { P1, P2, P3, P4, P5, P6, P7, P8, P9, P10, P11, P12, P13, P14, P15, P16, P17, Q1, Q2 };

/** All properties by code. */
export const PROPERTIES: readonly Property[] = [P1, P2, P3, P4, P5, P6, P7, P8, P9, P10, P11, P12, P13, P14, P15, P16, P17, Q1, Q2];

/** The property with this code; undefined when unknown. */
export function propertyByCode(code: string): Property | undefined {
  return PROPERTIES.find((p) => p.code === code);
}
