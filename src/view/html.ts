/**
 * The trace viewer as one self-contained HTML page: the document as JSON, the stylesheet and the
 * script inlined, nothing fetched, so that it opens from disk or from a mail attachment.
 */
import { writeFileSync } from 'node:fs';
import { UsageError } from '../util/unreachable.ts';
import { viewerMain } from './client.ts';
import type { ViewDocument } from './document.ts';

const CSS = `
:root { --fg: #1b1f24; --muted: #667085; --line: #d0d5dd; --sel: #fff4c2; --changed: #ffd6a5; --finding: #d92d20; --lane: #eef4ff; }
* { box-sizing: border-box; }
body { margin: 0; font: 13px/1.4 system-ui, sans-serif; color: var(--fg); }
header { padding: 10px 16px; border-bottom: 1px solid var(--line); }
h1 { font-size: 16px; margin: 0 0 4px; } h2 { font-size: 14px; margin: 8px 0; } h3 { font-size: 13px; margin: 10px 0 4px; } h4 { font-size: 12px; margin: 6px 0 2px; }
.verdict { font-weight: 600; color: var(--finding); margin: 2px 0; } .message, .hint, .rerun, .keys { margin: 2px 0; } .hint, .keys { color: var(--muted); }
main { display: grid; grid-template-columns: minmax(0, 1.2fr) minmax(0, 1fr); height: calc(100vh - 130px); }
#lanes { overflow: auto; border-right: 1px solid var(--line); } #panel { overflow: auto; padding: 0 12px 12px; }
table { border-collapse: collapse; } td, th { border: 1px solid var(--line); padding: 2px 6px; vertical-align: top; text-align: left; }
table.lanes { width: 100%; } th.num { width: 3em; text-align: right; color: var(--muted); }
.lane-head { min-width: 12em; } .lane-head.finding-cpu { color: var(--finding); }
td.lane.active { background: var(--lane); } td.lane.finding-step { outline: 2px solid var(--finding); outline-offset: -2px; }
.call { font-weight: 600; } .label { font-family: ui-monospace, monospace; } .actions { color: var(--muted); font-size: 12px; }
td.memory, .memory { font-family: ui-monospace, monospace; white-space: pre; }
.memory .changed, td.memory .changed { background: var(--changed); } .finding { color: #fff; background: var(--finding) !important; }
tr.step { cursor: pointer; } tr.step.selected > * { background-color: var(--sel); } tr.first-difference > th { color: var(--finding); } tr.first-difference td { border-top: 2px solid var(--finding); border-bottom: 2px solid var(--finding); }
.grid { display: flex; flex-wrap: wrap; gap: 8px; } .section { display: flex; flex-wrap: wrap; gap: 2px; padding: 2px; border: 1px dashed var(--line); position: relative; padding-top: 14px; }
.sec-label { position: absolute; top: 0; left: 4px; font-size: 10px; color: var(--muted); }
.cell { display: inline-flex; flex-direction: column; align-items: center; width: 22px; border: 1px solid var(--line); font-family: ui-monospace, monospace; }
.cell b { font-size: 13px; } .cell i { font-size: 9px; font-style: normal; color: var(--muted); } .cell.changed { background: var(--changed); } .cell.finding i { color: #fff; }
tr.changed td { background: var(--changed); } tr.finding td:first-child { background: var(--finding); color: #fff; } tr.moving td { background: var(--lane); }
.pfnref.finding { padding: 0 2px; } s { color: var(--muted); } .empty { color: var(--muted); }
.side-by-side { display: grid; grid-template-columns: 1fr 1fr; gap: 12px; }
table.runs td.run { min-width: 16em; } td.run.ended { color: var(--muted); }
footer { padding: 4px 16px; color: var(--muted); border-top: 1px solid var(--line); font-size: 11px; }
`;

/** The page of a document. */
export function viewerHtml(doc: ViewDocument): string {
  // Inside <script>, only `</` (and `<!--`) could end the element early.
  const json = JSON.stringify(doc).replace(/</g, '\\u003c');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'">
<title>${doc.title.replace(/[&<>"]/g, (c) => `&#${c.charCodeAt(0)};`)} — pagecheck</title><style>${CSS}</style></head>
<body><div id="app"></div>
<script type="application/json" id="pagecheck-data">${json}</script>
<script>(${viewerMain.toString()})();</script>
</body></html>
`;
}

/** Writes the page; an unwritable path is a UsageError. */
export function writeViewer(path: string, doc: ViewDocument): void {
  try {
    writeFileSync(path, viewerHtml(doc));
  } catch (e) {
    throw new UsageError(`cannot write the viewer page ${path}: ${(e as Error).message}`);
  }
}

/** The line a command prints about its `--html` page. */
export function viewerNote(path: string, written: boolean): string {
  return written ? `Viewer written to ${path}; open it in a browser.` : `No counterexample, so no viewer page was written to ${path}.`;
}
