import { describe, expect, it } from 'vitest';
import { check } from '../../src/check.ts';
import { explore } from '../../src/engine/explore.ts';
import { pcpSystem } from '../properties/pcp-fixture.ts';

describe('explore visit hook', () => {
  it('is called once per distinct state and may call the system without disturbing the search', () => {
    // Arrange
    const sys = pcpSystem('fragmented');
    let visits = 0;
    // Act: the visitor enumerates successors, reusing the buffer the explorer handed it
    const result = explore(sys, {
      visit: (s) => {
        visits++;
        sys.startTransitions(s);
        return null;
      },
    });
    // Assert: same search as without the hook (npx pagecheck check --model pcp --config fragmented)
    expect(result.status).toBe('ok');
    expect(result.states).toBe(check({ model: 'pcp', config: 'fragmented' }).result.states);
    expect(visits).toBe(result.states);
  });

  it('ends the search with a violation at the state where the visitor reports one, with the path to it', () => {
    const sys = pcpSystem('fragmented');
    const L = sys.L;
    // The first state where cpu0's pcp->count is not zero: after a refill (step 1) and its count update (step 2).
    const result = explore(sys, { visit: (s) => (s[L.pcpCount] ? { code: 'X', message: 'cpu0 PCP not empty' } : null) });
    expect(result.status).toBe('violation');
    if (result.status !== 'violation') return;
    expect(result.finding.code).toBe('X');
    expect(result.trace.map((t) => t.info.to)).toEqual(['rmqueue_pcplist.count', 'return']);
    expect(result.trace[1].state[L.pcpCount]).toBeGreaterThan(0);
  });
});
