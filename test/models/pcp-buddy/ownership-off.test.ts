/**
 * The ownership-off variant of the pcp-buddy model is today's per-CPU pagesets: at the PCP model's
 * configurations, it explores exactly as many states and transitions, to the same depth, as the
 * PCP model's baseline. This is what lets `validate --separately` compare the RFC against the PCP
 * model through one model. The configurations below cover interrupt contexts, remote drains and
 * drain_all_pages, every PCP order, CMA, claims and steals, and speculative references; the three
 * largest (default, small, decay: tens of thousands of states each) are left to the manual check.
 */
import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../../src/config/load.ts';
import { explore } from '../../../src/engine/explore.ts';
import { configs as pcpConfigs } from '../../../models/pcp/configs.ts';
import { pcpModel } from '../../../models/pcp/index.ts';
import { pcpBuddyModel } from '../../../models/pcp-buddy/index.ts';
import { findVariant } from '../../../models/registry.ts';

describe('pcp-buddy ownership-off', () => {
  for (const name of ['orders', 'drain', 'local-drain', 'cma', 'spec-refs', 'fragmented'])
    it(`explores exactly the PCP model's states at pcp configuration ${name}`, () => {
      // Arrange
      const config = parseConfig(pcpConfigs[name], name);
      // Act
      const pcp = explore(pcpModel.build(config, findVariant(pcpModel, 'baseline')).system);
      const off = explore(pcpBuddyModel.build(config, findVariant(pcpBuddyModel, 'ownership-off')).system);
      // Assert (on failure: compare npx pagecheck check --model pcp --config <name> with --model pcp-buddy --variant ownership-off --config <a JSON copy>)
      expect(off.status).toBe('ok');
      expect({ states: off.states, transitions: off.transitions, depth: off.depth }).toEqual({ states: pcp.states, transitions: pcp.transitions, depth: pcp.depth });
    });
});
