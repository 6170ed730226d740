/**
 * A model's coverage over its configurations (src/coverage/model.ts): the union the suite
 * checks, what fails it (an item no configuration reaches that no declaration or open gap
 * covers), and the checks of the declarations and gaps themselves.
 */
import { describe, expect, it } from 'vitest';
import { checkModelCoverage, declarationErrors, declaredNames, type UnreachableDeclaration } from '../../src/coverage/model.ts';
import { modelCoverage } from '../../src/manifest.ts';
import { checkWithCoverage } from '../../src/check.ts';
import { suiteCoverage, type SuiteRowJson } from '../../src/cli/commands/suite.ts';
import { coverageTotals, mergeCoverage, NO_COVERAGE, type CoverageSummary } from '../../src/coverage/summary.ts';
import { buddyModel } from '../../models/buddy/index.ts';
import { MODELS } from '../../models/registry.ts';
import type { ModelDef } from '../../models/types.ts';

/** The buddy baseline's coverage at each named configuration, computed once. */
const perConfig: Record<string, CoverageSummary> = Object.fromEntries(Object.keys(buddyModel.configs).map((c) => [c, checkWithCoverage({ model: 'buddy', config: c }).coverage]));
const unionOf = (configs: readonly string[]) => configs.map((c) => perConfig[c]).reduce(mergeCoverage, NO_COVERAGE);
const ALL = Object.keys(buddyModel.configs);
const REACHED_EDGE = 'edge alloc_pages: spin_lock → zone_locked [zone_lock_free]';

/** The buddy model with other declarations. */
const withDeclarations = (unreachable: readonly UnreachableDeclaration[]) => ({ name: 'buddy', unreachable });

describe('model coverage', () => {
  it('the buddy model reaches every item it does not declare unreachable, over its configurations', () => {
    const c = modelCoverage(buddyModel);
    expect(c.errors).toEqual([]);
    expect(c.neverReached).toEqual([]);
    expect(c.ok).toBe(true);
    expect(c.configs).toEqual(ALL);
    // What is declared is exactly what is never reached: the failed free_pages_prepare() of each free path.
    expect(c.unreached).toEqual([
      'edge __free_pages: __free_frozen_pages.prepared → __free_frozen_pages.done [!prepared]',
      'edge __free_pages: free_tail.prepared → free_tail.done [!prepared]',
      'edge speculative_ref: __free_frozen_pages.prepared → __free_frozen_pages.done [!prepared]',
    ]);
    expect(c.declaredUnreachable.map((d) => d.matched.length)).toEqual([3]);
  });

  it('a model that loses a configuration loses the edges and events only it reached, and fails the check naming them', () => {
    // Without `fragmented`, no allocation ever fails and no merge joins pageblocks of different types.
    const c = checkModelCoverage(buddyModel, unionOf(ALL.filter((x) => x !== 'fragmented')), ALL.filter((x) => x !== 'fragmented'));
    expect(c.ok).toBe(false);
    expect(c.errors).toEqual([]);
    expect(c.neverReached).toEqual([
      'edge alloc_pages: __rmqueue_smallest.search → __rmqueue_smallest.done [current_order_above_max]',
      'edge alloc_pages: prep_new_page → return [!got_page]',
      'event merges of pageblocks of different types order 2',
      'event merges of pageblocks of different types order 3',
    ]);
    expect(c.totals.edge.total).toBe(unionOf(ALL).machines.reduce((n, m) => n + m.edges.length, 0));
  });

  it("the suite's check over its rows fails the same way, and leaves out a model whose rows are not all there (a shard)", () => {
    const row = (config: string) => ({ model: 'buddy', kind: 'baseline' as const, config, coverage: { totals: coverageTotals(perConfig[config]), ...perConfig[config] } });
    const less: ModelDef = { ...buddyModel, configs: Object.fromEntries(Object.entries(buddyModel.configs).filter(([k]) => k !== 'fragmented')) };
    const [checked] = suiteCoverage([less], ALL.filter((x) => x !== 'fragmented').map(row));
    expect(checked.ok).toBe(false);
    expect(checked.neverReached).toContain('edge alloc_pages: prep_new_page → return [!got_page]');
    expect(suiteCoverage([buddyModel], ALL.map(row))[0].ok).toBe(true);
    // A shard's share: some of the model's configurations only, so nothing is checked.
    expect(suiteCoverage([buddyModel], ['default', 'churn'].map(row) as Pick<SuiteRowJson, 'model' | 'kind' | 'config' | 'coverage'>[])).toEqual([]);
  });

  it('a declaration that matches a reached item is an error, even when the rest of what it matches is unreached', () => {
    const c = checkModelCoverage(withDeclarations([...buddyModel.unreachable!, { item: REACHED_EDGE, reason: 'wrong' }, { item: 'edge alloc_pages: *', reason: 'too broad' }]), unionOf(ALL), ALL);
    expect(c.ok).toBe(false);
    expect(c.errors[0]).toMatch(new RegExp(`^model buddy: '${REACHED_EDGE.replace(/[[\]]/g, '\\$&')}' is declared unreachable but .* is reached \\(\\d+ transitions\\); remove or narrow the declaration$`));
    // The broad one is an error once for each alloc_pages edge that is reached.
    const reachedAlloc = unionOf(ALL).machines.find((m) => m.machine === 'alloc_pages')!.edges.filter((e) => e.count > 0).length;
    expect(c.errors.filter((e) => e.startsWith("model buddy: 'edge alloc_pages: *' is declared unreachable but"))).toHaveLength(reachedAlloc);
    expect(c.errors).toHaveLength(1 + reachedAlloc);
  });

  it('a declaration that matches no item is an error (a renamed state, a removed edge)', () => {
    const c = checkModelCoverage(withDeclarations([...buddyModel.unreachable!, { item: 'edge alloc_pages: spin_lock → nowhere', reason: 'gone' }]), unionOf(ALL), ALL);
    expect(c.ok).toBe(false);
    expect(c.errors).toEqual([
      "model buddy: 'edge alloc_pages: spin_lock → nowhere' is declared unreachable but no configuration has such an item (renamed or removed? `check --coverage` lists the items)",
    ]);
  });

  it('declarations are written as reports print items, with `->` for `→` and `*` for any characters', () => {
    const c = checkModelCoverage(
      withDeclarations([
        { item: 'edge __free_pages: *.prepared -> *.done [!prepared]', reason: 'r1' },
        { item: 'edge speculative_ref: *', reason: 'r2' },
      ]),
      unionOf(['fragmented']),
      ['fragmented'],
    );
    expect(c.declaredUnreachable[0].matched).toEqual(['edge __free_pages: __free_frozen_pages.prepared → __free_frozen_pages.done [!prepared]', 'edge __free_pages: free_tail.prepared → free_tail.done [!prepared]']);
    // `fragmented` makes no speculative reference: every speculative_ref edge is unreached there.
    expect(c.declaredUnreachable[1].matched.length).toBeGreaterThan(5);
    expect(c.errors).toEqual([]);
    // A report of one search lists a declared item apart, with its reason.
    expect(declaredNames(buddyModel, perConfig.default)['__free_pages: free_tail.prepared → free_tail.done [!prepared]']).toMatch(/no buddy configuration poisons a page/);
  });

  it('malformed declarations are errors without any search: no kind, no name, no reason, twice', () => {
    expect(
      declarationErrors(
        withDeclarations([
          { item: 'alloc_pages: spin_lock → zone_locked', reason: 'x' },
          { item: 'edge ', reason: 'x' },
          { item: 'event splits order 9', reason: ' ' },
          { item: 'event splits order 9', reason: 'y' },
        ]),
      ),
    ).toEqual([
      "model buddy: unreachable item 'alloc_pages: spin_lock → zone_locked' must start with 'edge ', 'event ' or 'call ', then the item's name as reports print it",
      "model buddy: unreachable item 'edge ' names no item after its kind",
      "model buddy: unreachable item 'event splits order 9' gives no reason",
      "model buddy: unreachable item 'event splits order 9' is declared twice",
    ]);
  });

  describe('open gaps', () => {
    // Without `fragmented` these four are never reached (see above); none is unreachable.
    const LOST = ['edge alloc_pages: __rmqueue_smallest.search → __rmqueue_smallest.done [current_order_above_max]', 'edge alloc_pages: prep_new_page → return [!got_page]', 'event merges of pageblocks of different types order 2', 'event merges of pageblocks of different types order 3'];
    const less = ALL.filter((x) => x !== 'fragmented');
    const withGaps = (openGaps: { missing: string; items: string[] }[]) => checkModelCoverage({ ...buddyModel, openGaps }, unionOf(less), less);

    it('are counted and listed apart, never as reached, and do not fail the check', () => {
      const c = withGaps([{ missing: 'no allocation fails', items: LOST.slice(0, 2) }, { missing: 'no merge of mixed pageblocks', items: LOST.slice(2) }]);
      expect(c.ok).toBe(true);
      expect(c.neverReached).toEqual([]);
      expect(c.gapItems).toBe(4);
      expect(c.openGaps.map((g) => g.items.length)).toEqual([2, 2]);
      expect(c.unreached).toEqual(expect.arrayContaining(LOST));
      expect(c.totals).toEqual(checkModelCoverage(buddyModel, unionOf(less), less).totals);
    });

    it('cover only the items they name: one left out still fails the check', () => {
      const c = withGaps([{ missing: 'no allocation fails', items: LOST.slice(0, 3) }]);
      expect(c.ok).toBe(false);
      expect(c.neverReached).toEqual([LOST[3]]);
    });

    it('go stale loudly: an item reached, unknown, declared unreachable or recorded twice is an error', () => {
      const declared = buddyModel.unreachable![0];
      const c = checkModelCoverage(
        { ...buddyModel, openGaps: [{ missing: 'm', items: [...LOST, REACHED_EDGE, 'edge alloc_pages: spin_lock → nowhere', 'edge __free_pages: free_tail.prepared → free_tail.done [!prepared]', LOST[0]] }] },
        unionOf(less),
        less,
      );
      expect(declared.item).toMatch(/prepared/);
      expect(c.ok).toBe(false);
      expect(c.errors).toEqual([
        expect.stringMatching(new RegExp(`^model buddy: '${REACHED_EDGE.replace(/[[\]]/g, '\\$&')}' is recorded as an open gap but is reached \\(\\d+ transitions\\): remove it from the model's openGaps$`)),
        "model buddy: 'edge alloc_pages: spin_lock → nowhere' is recorded as an open gap but no configuration has such an item (renamed or removed? remove it from the model's openGaps)",
        "model buddy: 'edge __free_pages: free_tail.prepared → free_tail.done [!prepared]' is recorded as an open gap but is declared unreachable: keep one of the two",
        `model buddy: '${LOST[0]}' is recorded as an open gap twice`,
      ]);
      // The gap still counts what it names that is never reached, once each.
      expect(c.gapItems).toBe(4);
    });
  });

  it("every built-in model's declarations are well formed", () => {
    for (const m of MODELS) expect(declarationErrors(m), m.name).toEqual([]);
  });
});
