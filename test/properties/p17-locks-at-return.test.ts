/**
 * P17 locks released at return: a call that returns holding a lock is a finding at the step in
 * which it returns, with its trace; a terminal state with a lock held is a finding too, never a
 * quiescence drain that blocks (an internal error).
 */
import { describe, expect, it } from 'vitest';
import { check, resolve } from '../../src/check.ts';
import { explore } from '../../src/engine/explore.ts';
import { findModel } from '../../models/registry.ts';
import type { Variant } from '../../models/types.ts';

describe('P17 locks released at return', () => {
  it("catches the built-in mutant that returns from a free holding its pcp->lock, at the returning step, naming the CPU, the call and the lock", () => {
    const { result } = check({ model: 'pcp', variant: 'free-keeps-pcp-lock' });
    expect(result.status).toBe('violation');
    if (result.status !== 'violation') return;
    expect(result.finding.code).toBe('P17');
    expect(result.finding.message).toBe("cpu0 returns from __free_pages still holding cpu0's pcp->lock");
    expect(result.finding.cpus).toEqual([0]);
    expect(result.finding.hint).toMatch(/skips its unlock/);
    const last = result.trace[result.trace.length - 1].info;
    expect([last.op, last.to]).toEqual(['__free_pages', 'return (stopped at the finding)']);
  });

  it('holds for the baseline at the same configuration', () => {
    expect(check({ model: 'pcp', config: 'drain' }).result.status).toBe('ok');
  });

  it('names zone->lock and the interrupts left disabled when a buddy call returns without spin_unlock_irqrestore', () => {
    const model = findModel('buddy');
    const leaky: Variant = { name: 'zone-unlock-lost', kind: 'mutant', description: 'spin_unlock_irqrestore(&zone->lock) does nothing', actions: { zone_unlock: () => {} } };
    const { config } = resolve({ model: 'buddy', config: 'section-edge' });
    const result = explore(model.build(config, leaky).system);
    expect(result.status).toBe('violation');
    if (result.status !== 'violation') return;
    expect(result.finding.code).toBe('P17');
    expect(result.finding.message).toMatch(/^cpu[01] returns from \S+ still holding zone->lock \(and interrupts stay disabled: spin_lock_irqsave without spin_unlock_irqrestore\)$/);
  });

  it('reports a lock held in a terminal state as a finding instead of draining into it', () => {
    const sys = resolve({ model: 'pcp', config: 'drain' }).built.system;
    const s = sys.initial();
    s[sys.L.pcpLock + 1] = 1; // cpu1's pcp->lock held by cpu0's task, which runs no call
    expect(sys.isIdle(s)).toBe(true);
    expect(sys.checkQuiescent(s)).toMatchObject({ code: 'P17', message: "at quiescence cpu0 runs no call but holds cpu1's pcp->lock", cpus: [0] });
  });

  it('names a model mutex left held (pcpu_drain_mutex)', () => {
    const sys = resolve({ model: 'contig', config: 'default' }).built.system;
    const s = sys.initial();
    s[sys.L.extra['pcpu_drain_mutex']] = 2;
    expect(sys.checkQuiescent(s)?.message).toBe('at quiescence cpu1 runs no call but holds pcpu_drain_mutex');
  });
});
