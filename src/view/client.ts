/// <reference lib="dom" />
/**
 * The trace viewer's script, run in the browser. {@link viewerMain} is embedded in the page as
 * its source text (`viewerMain.toString()`), so it must stay self-contained: no imports, no
 * reference to anything outside its own body. It reads the document from the page's
 * `<script type="application/json" id="pagecheck-data">` and draws:
 *
 * - the lanes: one column per CPU and interrupt context, each step in its thread's column (the
 *   call that starts an operation, label → label, the actions), the memory map of each step
 *   with the pfns it changed marked;
 * - the panel of the selected step: the memory map, zone->lock and the PCP locks with their
 *   holders, the free lists per order and migratetype in list order, the PCP lists and counts,
 *   the struct pages of the pfns involved, the pageblocks, the threads;
 * - for a divergence, both variants' runs side by side, the first step where they differ marked.
 *
 * Keys: j / ↓ / → next step, k / ↑ / ← previous, Home / End first and last.
 */
export function viewerMain(): void {
  type Snap = {
    zone: { lock: string | null; nrFreePages: number; nrFree: number[]; freeLists: { order: number; mt: string; pfns: number[] }[] };
    pcp: { cpu: number; count: number; high: number; batch: number; lock: string | null; lists: { order: number; mt: string; pfns: number[] }[] }[];
    pageblocks: { first: number; type: string; words: Record<string, number> }[];
    pages: { refcount: number; flags: string[]; private: number; holder: string }[];
    threads: { name: string; op: string | null; label: string | null; registers: Record<string, number> }[];
    words: Record<string, number[]>;
  };
  type Step = { step: number; thread: string; op: string; starts: boolean; args: Record<string, string | number>; from: string; to: string; actions: string[]; memory: string; state?: Snap };
  type Run = { variant: string; outcome: string; steps: Step[] };
  type Doc = {
    kind: 'trace' | 'validate';
    title: string;
    verdict: string;
    message: string;
    hint?: string;
    pfns: number[];
    cpus: number[];
    layout: { pfns: number; pagesPerSection: number; pageblockPages: number; orders: number; migratetypes: string[]; threads: string[]; legend: string } | null;
    initial?: Snap;
    steps: Step[];
    runs?: { operation: string; start: string; before: Run; after: Run; firstDifference: number | null; differences: { field: string; before: string; after: string }[] };
    rerun?: string;
  };
  /** One selectable row: a step of the path, or a pair of run steps (validate). */
  type Sel = { kind: 'path'; i: number } | { kind: 'run'; i: number };

  const doc = JSON.parse(document.getElementById('pagecheck-data')!.textContent!) as Doc;
  const esc = (s: unknown): string => String(s).replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]!);
  const NIL = 0xffff;
  const threads = doc.layout?.threads ?? [...new Set(doc.steps.map((s) => s.thread))];
  const findingPfns = new Set(doc.pfns);

  // ------------------------------------------------------------------ what changed
  /** The pfns whose glyph or struct page differs between two steps' states. */
  const changedPfns = (prev: { memory?: string; state?: Snap } | undefined, cur: Step): Set<number> => {
    const out = new Set<number>();
    if (!prev) return out;
    const a = prev.state?.pages;
    const b = cur.state?.pages;
    if (a && b) b.forEach((p, i) => JSON.stringify(p) !== JSON.stringify(a[i]) && out.add(i));
    const ga = glyphs(prev.memory ?? '');
    const gb = glyphs(cur.memory);
    gb.forEach((g, i) => g !== ga[i] && out.add(i));
    return out;
  };
  /** The memory map's glyphs by pfn (the `|` section marks left out). */
  const glyphs = (m: string): string[] => m.split('').filter((c) => c !== '|');

  const memoryLine = (m: string, changed: Set<number>, marks: Set<number>): string => {
    let pfn = 0;
    let out = '';
    for (const c of m) {
      if (c === '|') {
        out += '<span class="sec">|</span>';
        continue;
      }
      const cls = [changed.has(pfn) ? 'changed' : '', marks.has(pfn) ? 'finding' : ''].filter(Boolean).join(' ');
      out += cls ? `<span class="${cls}" data-pfn="${pfn}">${esc(c)}</span>` : esc(c);
      pfn++;
    }
    return out;
  };

  const callText = (s: Step): string => {
    if (!s.starts) return s.op;
    const args = Object.entries(s.args)
      .map(([k, v]) => `${k}=${v}`)
      .join(', ');
    return `${s.op}(${args})`;
  };

  // ------------------------------------------------------------------ lanes
  const laneRow = (s: Step, prev: { memory?: string; state?: Snap } | undefined, sel: string): string => {
    const changed = changedPfns(prev, s);
    const last = doc.kind === 'trace' && s === doc.steps[doc.steps.length - 1];
    const cells = threads
      .map((t) => {
        if (t !== s.thread) return '<td class="lane idle"></td>';
        return (
          `<td class="lane active${last ? ' finding-step' : ''}" data-thread="${esc(t)}">` +
          `<div class="call">${esc(callText(s))}</div>` +
          `<div class="move"><span class="label">${esc(s.from)}</span> → <span class="label">${esc(s.to)}</span></div>` +
          (s.actions.length ? `<div class="actions">${s.actions.map(esc).join(', ')}</div>` : '') +
          '</td>'
        );
      })
      .join('');
    return `<tr class="step" data-sel="${sel}" data-step="${s.step}"><th class="num">${s.step}</th>${cells}<td class="memory">${memoryLine(s.memory, changed, last ? findingPfns : new Set())}</td></tr>`;
  };

  const header =
    `<tr><th class="num">step</th>${threads.map((t) => `<th class="lane-head${doc.cpus.some((c) => t === `cpu${c}` || t === `cpu${c}/irq`) ? ' finding-cpu' : ''}">${esc(t)}</th>`).join('')}<th>memory</th></tr>`;

  const app = document.getElementById('app')!;
  let html = `<header><h1>${esc(doc.title)}</h1><p class="verdict">${esc(doc.verdict)}</p><p class="message">${esc(doc.message)}</p>`;
  if (doc.hint) html += `<p class="hint">${esc(doc.hint)}</p>`;
  if (doc.rerun) html += `<p class="rerun"><code>${esc(doc.rerun)}</code></p>`;
  html += `<p class="keys">j / ↓ next step · k / ↑ previous · Home / End · click a step</p></header><main><section id="lanes">`;
  const initialRow = doc.initial ? `<tr class="initial"><th class="num">0</th>${threads.map(() => '<td class="lane idle"></td>').join('')}<td class="memory">initial state</td></tr>` : '';
  html += `<table class="lanes">${header}${initialRow}`;
  doc.steps.forEach((s, i) => (html += laneRow(s, i > 0 ? doc.steps[i - 1] : doc.initial ? { state: doc.initial } : undefined, `path:${i}`)));
  html += '</table>';
  const runs = doc.runs;
  if (runs) {
    html += `<h2 id="runs-title">${esc(runs.start)}, run alone on each variant</h2><table id="runs" class="runs"><tr><th class="num">step</th><th class="run-head before">${esc(runs.before.variant)} (before)</th><th class="run-head after">${esc(runs.after.variant)} (after)</th></tr>`;
    const n = Math.max(runs.before.steps.length, runs.after.steps.length);
    const cell = (r: Run, i: number, side: string) => {
      const s = r.steps[i];
      if (!s) return `<td class="run ${side} ended">${i === r.steps.length ? esc(r.outcome) : ''}</td>`;
      return `<td class="run ${side}"><div class="call">${esc(s.thread)} ${esc(s.from)} → ${esc(s.to)}</div>${s.actions.length ? `<div class="actions">${s.actions.map(esc).join(', ')}</div>` : ''}<div class="memory">${esc(s.memory)}</div></td>`;
    };
    for (let i = 0; i < n; i++)
      html += `<tr class="step pair${runs.firstDifference === i ? ' first-difference' : ''}" data-sel="run:${i}"><th class="num">${i + 1}</th>${cell(runs.before, i, 'before')}${cell(runs.after, i, 'after')}</tr>`;
    html += `<tr class="outcomes"><th></th><td class="run before">${esc(runs.before.outcome)}</td><td class="run after">${esc(runs.after.outcome)}</td></tr></table>`;
    if (runs.differences.length)
      html += `<table id="differences"><tr><th>differs for the caller</th><th>${esc(runs.before.variant)}</th><th>${esc(runs.after.variant)}</th></tr>${runs.differences.map((d) => `<tr><td>${esc(d.field)}</td><td>${esc(d.before)}</td><td>${esc(d.after)}</td></tr>`).join('')}</table>`;
  }
  html += `</section><aside id="panel"></aside></main><footer>${esc(doc.layout?.legend ?? '')}</footer>`;
  app.innerHTML = html;

  // ------------------------------------------------------------------ the state panel
  const listTable = (lists: { order: number; mt: string; pfns: number[] }[], marks: Set<number>): string =>
    lists.length
      ? `<table class="lists"><tr><th>order</th><th>migratetype</th><th>pfns, head first</th></tr>${lists
          .map((l) => `<tr><td>${l.order}</td><td>${esc(l.mt)}</td><td>${l.pfns.map((p) => `<span class="pfnref${marks.has(p) ? ' finding' : ''}" data-pfn="${p}">${p}</span>`).join(' → ')}</td></tr>`)
          .join('')}</table>`
      : '<p class="empty">empty</p>';

  const memoryGrid = (m: string, changed: Set<number>, marks: Set<number>): string => {
    const g = glyphs(m);
    const per = doc.layout?.pagesPerSection ?? g.length;
    let out = '<div class="grid">';
    g.forEach((c, pfn) => {
      if (pfn % per === 0) out += `${pfn ? '</div>' : ''}<div class="section"><span class="sec-label">section ${pfn / per}</span>`;
      const cls = ['cell', changed.has(pfn) ? 'changed' : '', marks.has(pfn) ? 'finding' : ''].filter(Boolean).join(' ');
      out += `<span class="${cls}" data-pfn="${pfn}" title="pfn ${pfn}"><b>${esc(c)}</b><i>${pfn}</i></span>`;
    });
    return out + '</div></div>';
  };

  /** The pfns a step involves: its arguments, the moving thread's pfn registers, what it changed, the finding's. */
  const involved = (s: Step, st: Snap | undefined, changed: Set<number>, marks: Set<number>): number[] => {
    const n = doc.layout?.pfns ?? 0;
    const out = new Set<number>([...changed, ...marks]);
    for (const [k, v] of Object.entries(s.args)) if (/pfn|page|start|end/.test(k) && typeof v === 'number' && v < n) out.add(v);
    const th = st?.threads.find((t) => t.name === s.thread);
    if (th) for (const [k, v] of Object.entries(th.registers)) if (/^(pfn|buddy|base|start|cur|end|tailBase|runStart|last)$/.test(k) && v < n && v !== NIL) out.add(v);
    return [...out].sort((a, b) => a - b);
  };

  const statePanel = (s: Step, prev: { memory?: string; state?: Snap } | undefined, marks: Set<number>, title: string): string => {
    const st = s.state;
    const changed = changedPfns(prev, s);
    let h = `<div class="state"><h2>${esc(title)}</h2><p class="where"><b>${esc(s.thread)}</b> ${esc(callText(s))}: <span class="label">${esc(s.from)}</span> → <span class="label">${esc(s.to)}</span>${s.actions.length ? ` <span class="actions">[${s.actions.map(esc).join(', ')}]</span>` : ''}</p>`;
    h += `<section id="memory"><h3>memory map</h3>${memoryGrid(s.memory, changed, marks)}</section>`;
    if (!st) return h + '<p class="empty">This trace records no states (format 1): run <code>pagecheck view</code> on it to re-execute it.</p></div>';
    const locks = [`<tr><td>zone-&gt;lock</td><td class="holder">${esc(st.zone.lock ?? 'free')}</td></tr>`, ...st.pcp.map((p) => `<tr><td>cpu${p.cpu} pcp-&gt;lock</td><td class="holder">${esc(p.lock ?? 'free')}</td></tr>`)];
    h += `<section id="locks"><h3>locks</h3><table>${locks.join('')}</table></section>`;
    h += `<section id="free-lists"><h3>free lists (zone)</h3><p>NR_FREE_PAGES ${st.zone.nrFreePages}; nr_free by order: ${st.zone.nrFree.map((c, o) => `${o}:${c}`).join(' ')}</p>${listTable(st.zone.freeLists, marks)}</section>`;
    if (st.pcp.length)
      h += `<section id="pcp"><h3>per-CPU lists</h3>${st.pcp.map((p) => `<div class="pcp" data-cpu="${p.cpu}"><h4>cpu${p.cpu}: count ${p.count}, high ${p.high}, batch ${p.batch}</h4>${listTable(p.lists, marks)}</div>`).join('')}</section>`;
    const pfns = involved(s, st, changed, marks);
    h += `<section id="pages"><h3>struct pages involved</h3>${
      pfns.length
        ? `<table><tr><th>pfn</th><th>refcount</th><th>flags</th><th>private</th><th>held by</th></tr>${pfns
            .map((p) => {
              const pg = st.pages[p];
              const was = prev?.state?.pages[p];
              const cls = [changed.has(p) ? 'changed' : '', marks.has(p) ? 'finding' : ''].filter(Boolean).join(' ');
              const diff = (now: unknown, then: unknown) => (was && JSON.stringify(now) !== JSON.stringify(then) ? ` <s>${esc(Array.isArray(then) ? then.join(' ') || '-' : then)}</s>` : '');
              return `<tr class="${cls}" data-pfn="${p}"><td>${p}</td><td>${pg.refcount}${diff(pg.refcount, was?.refcount)}</td><td>${esc(pg.flags.join(' ') || '-')}${diff(pg.flags, was?.flags)}</td><td>${pg.private}${diff(pg.private, was?.private)}</td><td>${esc(pg.holder)}${diff(pg.holder, was?.holder)}</td></tr>`;
            })
            .join('')}</table>`
        : '<p class="empty">none</p>'
    }</section>`;
    const wordNames = Object.keys(st.pageblocks[0]?.words ?? {});
    h += `<section id="pageblocks"><h3>pageblocks</h3><table><tr><th>pfns</th><th>type</th>${wordNames.map((w) => `<th>${esc(w)}</th>`).join('')}</tr>${st.pageblocks
      .map((b) => `<tr><td>${b.first}-${b.first + (doc.layout?.pageblockPages ?? 1) - 1}</td><td>${esc(b.type)}</td>${wordNames.map((w) => `<td>${b.words[w]}</td>`).join('')}</tr>`)
      .join('')}</table></section>`;
    h += `<section id="threads"><h3>threads</h3><table><tr><th>thread</th><th>running</th><th>registers</th></tr>${st.threads
      .map((t) => `<tr class="${t.name === s.thread ? 'moving' : ''}"><td>${esc(t.name)}</td><td>${t.op ? `${esc(t.op)} at <span class="label">${esc(t.label)}</span>` : 'idle'}</td><td>${Object.entries(t.registers).map(([k, v]) => `${esc(k)}=${v === NIL ? 'NIL' : v}`).join(' ')}</td></tr>`)
      .join('')}</table></section>`;
    const words = Object.entries(st.words).filter(([, v]) => v.some((x) => x !== 0));
    if (words.length) h += `<section id="words"><h3>other words</h3><table>${words.map(([k, v]) => `<tr><td>${esc(k)}</td><td>${v.join(' ')}</td></tr>`).join('')}</table></section>`;
    return h + '</div>';
  };

  // ------------------------------------------------------------------ selection and keys
  const rows = Array.from(document.querySelectorAll<HTMLTableRowElement>('tr[data-sel]'));
  const panel = document.getElementById('panel')!;
  let current = -1;
  const select = (idx: number) => {
    if (!rows.length) return;
    idx = Math.max(0, Math.min(rows.length - 1, idx));
    if (current >= 0) rows[current].classList.remove('selected');
    current = idx;
    const row = rows[idx];
    row.classList.add('selected');
    row.scrollIntoView({ block: 'nearest' });
    const [kind, n] = row.dataset.sel!.split(':');
    const i = Number(n);
    const sel: Sel = kind === 'path' ? { kind: 'path', i } : { kind: 'run', i };
    if (sel.kind === 'path') {
      const s = doc.steps[sel.i];
      const prev = sel.i > 0 ? doc.steps[sel.i - 1] : doc.initial ? { state: doc.initial } : undefined;
      const last = doc.kind === 'trace' && sel.i === doc.steps.length - 1;
      panel.innerHTML = statePanel(s, prev, last ? findingPfns : new Set(), `step ${s.step} of ${doc.steps.length}`);
    } else {
      const r = doc.runs!;
      const base = doc.steps[doc.steps.length - 1];
      // The pfns where the two runs' states differ at this step are marked on both sides.
      const a = r.before.steps[sel.i];
      const b = r.after.steps[sel.i];
      const differ = a && b ? changedPfns(a, b) : new Set<number>();
      const side = (run: Run) => {
        const s = run.steps[sel.i];
        if (!s) return `<div class="state"><h2>${esc(run.variant)}</h2><p>${esc(run.outcome)}</p></div>`;
        const prev = sel.i > 0 ? run.steps[sel.i - 1] : base;
        return statePanel(s, prev, differ, `${run.variant}: step ${sel.i + 1} of ${run.steps.length}`);
      };
      panel.innerHTML = `<div class="side-by-side">${side(r.before)}${side(r.after)}</div>`;
    }
    panel.dataset.selected = row.dataset.sel!;
  };
  rows.forEach((r, i) => r.addEventListener('click', () => select(i)));
  document.addEventListener('keydown', (e) => {
    if (e.key === 'ArrowDown' || e.key === 'ArrowRight' || e.key === 'j') select(current + 1);
    else if (e.key === 'ArrowUp' || e.key === 'ArrowLeft' || e.key === 'k') select(current - 1);
    else if (e.key === 'Home') select(0);
    else if (e.key === 'End') select(rows.length - 1);
    else return;
    e.preventDefault();
  });
  // Open on the finding: the last step of a counterexample, the first difference of a divergence.
  const firstDiff = runs && runs.firstDifference !== null ? rows.findIndex((r) => r.dataset.sel === `run:${runs.firstDifference}`) : -1;
  select(firstDiff >= 0 ? firstDiff : doc.kind === 'trace' ? doc.steps.length - 1 : 0);
}
