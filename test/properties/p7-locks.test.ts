import { describe, expect, it } from 'vitest';
import { Mm } from '../../models/mm/kernel.ts';
import { pcpSystem } from './pcp-fixture.ts';

describe('P7 lock discipline (raised by the helpers)', () => {
  const sys = pcpSystem();
  const fresh = (t = 0) => new Mm(sys.L).bind(sys.initial(), t);

  it('finds a free-list change without zone->lock', () => {
    const k = fresh();
    k.delFromFreeList(0, 3, sys.L.geo.mt.MOVABLE, 'test');
    expect(k.finding?.code).toBe('P7');
    expect(k.finding?.message).toMatch(/cpu0 in test changes a buddy free list without holding zone->lock/);
  });

  it('accepts the same change under zone->lock', () => {
    const k = fresh();
    k.zoneLock();
    k.delFromFreeList(0, 3, sys.L.geo.mt.MOVABLE, 'test');
    expect(k.finding).toBeNull();
  });

  it('finds a pcp->lock taken while its own CPU holds it (nested critical sections)', () => {
    const k = fresh(0);
    k.pcpLock(0, true, 'drain');
    k.bind(k.s, 2); // cpu0/irq
    k.pcpLock(0, false, 'pcp_spin_trylock');
    expect(k.finding?.message).toMatch(/cpu0\/irq in pcp_spin_trylock takes cpu0's pcp->lock while cpu0 holds it/);
  });

  it('finds pcp->lock taken inside zone->lock (wrong order)', () => {
    const k = fresh();
    k.zoneLock();
    k.pcpLock(1, true, 'drain');
    expect(k.finding?.message).toMatch(/while holding zone->lock: the lock order is pcp->lock, then zone->lock/);
  });

  it("finds a PCP list or count change without that CPU's pcp->lock, and a release by a non-holder", () => {
    const k = fresh(1);
    k.addPcpCount(0, 1, 'test');
    expect(k.finding?.message).toMatch(/cpu1 in test changes cpu0's pcp->count without holding its pcp->lock/);
    const u = fresh(1);
    u.pcpUnlock(0, 'test');
    expect(u.finding?.message).toMatch(/releases cpu0's pcp->lock, which nobody holds/);
  });

  it('checks nothing while the checker writes the boot state', () => {
    const k = fresh();
    k.checked = false;
    k.delFromFreeList(0, 3, sys.L.geo.mt.MOVABLE, 'boot');
    k.pcpLock(0, false, 'boot');
    k.pcpLock(0, false, 'boot');
    expect(k.finding).toBeNull();
  });
});
