/**
 * The trace viewer in a real browser: Debian's Chromium (/usr/bin/chromium, which .ci/run
 * installs) driven by playwright-core. Pages written by the command for a buddy race, a PCP
 * counterexample, a validation's divergence and a 500-step trace are opened from disk, stepped
 * through with the keyboard and the mouse, and checked on what they show. Screenshots go to a
 * temporary directory, or to docs/images/ (what the docs show) with UPDATE_SCREENSHOTS=1.
 */
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cli } from '../helpers/cli.ts';
import { ROOT } from '../../scripts/build.mjs';
import { findModel, findVariant, namedConfigs } from '../../models/registry.ts';
import { resolveConfig } from '../../src/config/load.ts';
import { traceDecoderOf } from '../../models/mm/snapshot.ts';
import { traceFileOf } from '../../src/report/trace-file.ts';
import { traceDocument } from '../../src/view/document.ts';
import { writeViewer } from '../../src/view/html.ts';
import type { TraceStep } from '../../src/engine/types.ts';

const CHROMIUM = '/usr/bin/chromium';
const tmp = mkdtempSync(join(tmpdir(), 'pagecheck-viewer-'));
const shots = process.env.UPDATE_SCREENSHOTS === '1' ? join(ROOT, 'docs', 'images') : join(tmp, 'shots');
mkdirSync(shots, { recursive: true });
let browser: Browser;

beforeAll(async () => {
  if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing: apt-get install -y chromium (.ci/run installs it)`);
  // The flags keep Chromium off the network (this machine has none but the package registries).
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
});
afterAll(async () => {
  await browser?.close();
  rmSync(tmp, { recursive: true, force: true });
});

/** Opens a page from disk; fails on any script error or any request that is not the file itself. */
async function open(file: string, width = 1600, height = 1000): Promise<Page> {
  const page = await browser.newPage({ viewport: { width, height } });
  const problems: string[] = [];
  page.on('pageerror', (e) => problems.push(String(e)));
  page.on('console', (m) => m.type() === 'error' && problems.push(m.text()));
  page.on('request', (r) => r.url() !== `file://${file}` && problems.push(`request ${r.url()}`));
  await page.goto(`file://${file}`);
  await page.waitForSelector('#panel .state');
  expect(problems).toEqual([]);
  return page;
}

const selected = (page: Page) => page.locator('tr.step.selected').getAttribute('data-sel');
const panelTitle = (page: Page) => page.locator('#panel .state h2').first().textContent();

describe('the trace viewer', () => {
  it('shows a buddy race: a lane per CPU, the finding pfn marked, struct pages and free lists, keyboard stepping', async () => {
    const html = join(tmp, 'buddy.html');
    const r = await cli('check', '--model', 'buddy', '--variant', 'pagehead-after-put', '--trace-out', join(tmp, 'buddy.json'), '--html', html);
    expect(r.code).toBe(1);
    expect(r.out).toMatch(`Viewer written to ${html}`);
    const page = await open(html);
    expect(await page.locator('th.lane-head').allTextContents()).toEqual(['cpu0', 'cpu1']);
    expect(await page.locator('tr.step').count()).toBe(8);
    // It opens on the finding: the last step, pfn 1 (freed twice) marked in the map and the struct pages.
    expect(await selected(page)).toBe('path:7');
    expect(await page.locator('.verdict').textContent()).toBe('P2 violation at step 8');
    expect(await page.locator('#memory .cell.finding').getAttribute('data-pfn')).toBe('1');
    expect(await page.locator('#pages tr.finding td').allTextContents()).toEqual(['1', '0', '-', '0', 'cpu0']);
    expect(await page.locator('td.lane.finding-step').getAttribute('data-thread')).toBe('cpu1');
    await page.screenshot({ path: join(shots, 'viewer-buddy-race.png') });
    // Home: the first step, cpu0's alloc_pages taking zone->lock; the order-1 block it will take is marked as changed.
    await page.keyboard.press('Home');
    expect(await selected(page)).toBe('path:0');
    expect(await panelTitle(page)).toBe('step 1 of 8');
    expect(await page.locator('#locks td.holder').first().textContent()).toBe('cpu0');
    expect(await page.locator('#panel .where').textContent()).toMatch(/alloc_pages\(order=1, mt=MOVABLE, comp=__GFP_COMP\): spin_lock → zone_locked/);
    // j twice: step 3, a speculative reference on pfn 0; the lock is free again and the block is allocated (held by the pool).
    await page.keyboard.press('j');
    await page.keyboard.press('j');
    expect(await panelTitle(page)).toBe('step 3 of 8');
    expect(await page.locator('#locks td.holder').first().textContent()).toBe('free');
    const pfn0 = page.locator('#pages tr[data-pfn="0"] td');
    expect((await pfn0.allTextContents())[0]).toBe('0');
    expect(await page.locator('#free-lists table.lists tr').count()).toBeGreaterThan(1);
    // A click selects a step too.
    await page.locator('tr.step[data-step="5"]').click();
    expect(await panelTitle(page)).toBe('step 5 of 8');
    await page.close();
  });

  it('shows a PCP counterexample: per-CPU lists with counts and the pcp->lock holders', async () => {
    const html = join(tmp, 'pcp.html');
    const r = await cli('check', '--model', 'pcp', '--variant', 'drain-count-unlocked', '--html', html);
    expect(r.code).toBe(1);
    const page = await open(html);
    const steps = await page.locator('tr.step').count();
    expect(steps).toBeGreaterThan(2);
    // One CPU and its interrupt context, each a lane; the interrupt's free (step 4) is in its own lane.
    expect(await page.locator('th.lane-head').allTextContents()).toEqual(['cpu0', 'cpu0/irq']);
    expect(await page.locator('tr.step[data-step="4"] td.lane.active').getAttribute('data-thread')).toBe('cpu0/irq');
    expect(await page.locator('tr.step[data-step="4"] td.lane.active .call').textContent()).toBe('__free_pages(pfn=0)');
    // The last step: cpu0's list still holds pfn 0 (the P6 finding), pcp->count 1.
    expect(await page.locator('#pcp .pcp').count()).toBe(1);
    expect(await page.locator('#pcp h4').first().textContent()).toMatch(/^cpu0: count 1, high \d+, batch \d+$/);
    expect(await page.locator('#pcp .pfnref.finding').allTextContents()).toEqual(['0']);
    expect(await page.locator('#locks tr td:first-child').allTextContents()).toEqual(['zone->lock', 'cpu0 pcp->lock']);
    // Walk the whole trace with the arrow keys: every step shows its own panel.
    await page.keyboard.press('Home');
    const titles: string[] = [];
    for (let i = 0; i < steps; i++) {
      titles.push((await panelTitle(page))!);
      await page.keyboard.press('ArrowDown');
    }
    expect(titles).toEqual(Array.from({ length: steps }, (_, i) => `step ${i + 1} of ${steps}`));
    // Past the end it stays on the last step.
    expect(await selected(page)).toBe(`path:${steps - 1}`);
    // Some step holds a pcp->lock.
    const holders = await page.evaluate(() => {
      const doc = JSON.parse(document.getElementById('pagecheck-data')!.textContent!) as { steps: { state: { pcp: { lock: string | null }[] } }[] };
      return doc.steps.flatMap((s) => s.state.pcp.map((p) => p.lock)).filter(Boolean);
    });
    expect(holders.length).toBeGreaterThan(0);
    await page.close();
  });

  it("shows a validation's divergence: both runs side by side, the first difference marked", async () => {
    const html = join(tmp, 'validate.html');
    const r = await cli('validate', '--model', 'pcp', '--before', 'after', '--after', 'claim-keeps-mode', '--html', html);
    expect(r.code).toBe(1);
    const page = await open(html, 1600, 1100);
    expect(await page.locator('.verdict').textContent()).toBe('DIVERGENCE in alloc_pages');
    expect(await page.locator('#runs th.run-head').allTextContents()).toEqual(['after (before)', 'claim-keeps-mode (after)']);
    // It opens on the first difference, with both states side by side and the pfns that differ marked on both.
    const first = page.locator('#runs tr.first-difference');
    expect(await first.count()).toBe(1);
    expect(await selected(page)).toBe(await first.getAttribute('data-sel'));
    expect(await page.locator('#panel .side-by-side > .state').count()).toBe(2);
    const marked = await page.locator('#panel .side-by-side > .state').evaluateAll((sides) => sides.map((s) => Array.from(s.querySelectorAll('#memory .cell.finding')).map((c) => c.getAttribute('data-pfn'))));
    expect(marked[0].length).toBeGreaterThan(0);
    expect(marked[1]).toEqual(marked[0]);
    expect(await page.locator('#differences tr').count()).toBeGreaterThan(1);
    await page.screenshot({ path: join(shots, 'viewer-validate-divergence.png') });
    await page.keyboard.press('End');
    expect(await selected(page)).toMatch(/^run:/);
    await page.close();
  });

  it('draws a 500-step trace of 256 pfns and four CPUs, and steps through it', async () => {
    // Random walks of the pcp model's large configuration, 500 steps in all, as a trace document.
    const model = findModel('pcp');
    const variant = findVariant(model, 'baseline');
    const config = resolveConfig('large', namedConfigs(model)).config;
    const sys = model.build(config, variant).system;
    let s = sys.initial();
    const steps: TraceStep[] = [];
    let seed = 7;
    while (steps.length < 500) {
      const trs: number[] = [];
      sys.successors(s, (tr) => {
        trs.push(tr);
        return true;
      });
      // A walk that spent every budget starts again from the boot state (this is a page to draw, not a run).
      if (!trs.length) {
        s = sys.initial();
        continue;
      }
      seed = (seed * 1103515245 + 12345) & 0x7fffffff;
      const a = sys.apply(s, trs[seed % trs.length])!;
      steps.push({ index: steps.length + 1, key: sys.transitionKey(trs[seed % trs.length]), info: a.info, state: a.next });
      s = a.next;
    }
    expect(steps.length).toBe(500);
    const decoder = traceDecoderOf(sys)!;
    const trace = traceFileOf(
      { status: 'deadlock', message: 'a random walk of 500 steps (not a finding)', trace: steps, initial: sys.initial(), states: 0, transitions: 500, depth: 500, seconds: 0, statesPerSecond: 0, bytesPerState: 0, collisionProbability: 0 },
      { model: 'pcp', variant: 'baseline', config: 'large', configObject: config, render: (x) => sys.render(x), decoder },
    );
    const html = join(tmp, 'long.html');
    writeViewer(html, traceDocument(trace, 'a random walk'));
    expect(readFileSync(html, 'utf8').length).toBeGreaterThan(1_000_000);
    const page = await open(html);
    expect(await page.locator('tr.step').count()).toBe(500);
    expect(await page.locator('th.lane-head').count()).toBe(8);
    expect(await page.locator('#memory .cell').count()).toBe(256);
    await page.keyboard.press('Home');
    for (let i = 0; i < 20; i++) await page.keyboard.press('j');
    expect(await panelTitle(page)).toBe('step 21 of 500');
    await page.close();
  });
});
