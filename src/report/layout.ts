/**
 * The page layout of every text report: the width it must fit and whether it must be ASCII.
 *
 * A report fits {@link Layout.width} columns: 80 when standard output is not a terminal (what a
 * mail reply, a log or a CI artefact wants), the terminal's width on a terminal, or `--width N`.
 * Formatters fold what they know how to fold (a counterexample's rows, a table's columns) and
 * {@link fitText} wraps whatever line is still too long, with a hanging indent.
 *
 * The one exception: a command line (`npx pagecheck ...`, what `Reproduce:` and replay lines
 * print) is never split, since a reader copies it whole; one longer than the width stays on a
 * line of its own. {@link overWidth} is the check a test applies to every command's output.
 *
 * With `ascii` (`--ascii`, and by default for `pagecheck report`, whose text is posted to mailing
 * lists) arrows, inequalities, ellipses and box symbols are spelled in ASCII ({@link toAscii}).
 */

/** Where a report is printed. */
export interface Layout {
  /** Columns every line must fit (a command line excepted). */
  readonly width: number;
  /** Print ASCII only. */
  readonly ascii: boolean;
}

/** The width when standard output is not a terminal. */
export const DEFAULT_WIDTH = 80;

/** The narrowest width accepted by `--width`. */
export const MIN_WIDTH = 40;

let current: Layout = { width: DEFAULT_WIDTH, ascii: false };

/** The layout reports are formatted for now (set by the CLI for each command; 80 columns otherwise). */
export function layout(): Layout {
  return current;
}

/** Sets the layout of the reports that follow; returns the previous one (to restore). */
export function setLayout(l: Layout): Layout {
  const prev = current;
  current = l;
  return prev;
}

/**
 * The layout a command is formatted for: `--width` when given, else the terminal's columns on a
 * terminal, else {@link DEFAULT_WIDTH}; ASCII when asked for.
 */
export function layoutFor(opts: { readonly width?: number; readonly ascii?: boolean }, tty: boolean, columns: number | undefined): Layout {
  const width = opts.width ?? (tty && columns && columns >= MIN_WIDTH ? columns : DEFAULT_WIDTH);
  return { width, ascii: opts.ascii ?? false };
}

const ASCII: Readonly<Record<string, string>> = {
  '→': '->',
  '←': '<-',
  '↑': '^',
  '↓': 'v',
  '⇒': '=>',
  '≤': '<=',
  '≥': '>=',
  '≠': '!=',
  '…': '...',
  '—': '--',
  '–': '-',
  '·': '.',
  '×': 'x',
  '•': '*',
  '§': 'section ',
  '‘': "'",
  '’': "'",
  '“': '"',
  '”': '"',
  '✓': 'ok',
  '✗': 'x',
  '─': '-',
  '━': '-',
  '│': '|',
  '┃': '|',
  '┌': '+',
  '┐': '+',
  '└': '+',
  '┘': '+',
  '├': '+',
  '┤': '+',
  '┬': '+',
  '┴': '+',
  '┼': '+',
  '█': '#',
  '░': '.',
  '▒': ':',
  '▓': '#',
  '\u00a0': ' ',
};

/** `s` in ASCII: the symbols reports use spelled out, anything else outside ASCII as `?`. */
export function toAscii(s: string): string {
  // eslint-disable-next-line no-control-regex
  return s.replace(/[^\x00-\x7f]/gu, (c) => ASCII[c] ?? '?');
}

/** `s`, in ASCII when the layout says so. */
export function glyphs(s: string, l: Layout = current): string {
  return l.ascii ? toAscii(s) : s;
}

/** The display width of a line (terminal colour codes do not count). */
export function widthOf(s: string): number {
  // eslint-disable-next-line no-control-regex
  return [...s.replace(/\x1b\[[0-9;]*m/g, '')].length;
}

/**
 * Where a command line starts in a line, or -1: `npx pagecheck ...`, or `pagecheck <command> --...`
 * at the start of a line, after a label (`Reproduce: `), a parenthesis or a backtick. Prose that
 * names the program ("pagecheck report says ...") is not a command.
 */
export function commandStart(line: string): number {
  const re = /(^|[\s:(`])(npx pagecheck \S|pagecheck [a-z]+ --)/g;
  for (let m = re.exec(line); m; m = re.exec(line)) {
    const at = m.index + m[1].length;
    const before = line.slice(0, at).trim();
    if (m[2].startsWith('npx ') || before === '' || /[:(`]$/.test(before)) return at;
  }
  return -1;
}

/**
 * Wraps a paragraph at `width` columns: `first` starts the first line, `indent` the others. A
 * word longer than the width stays whole, on a line of its own, and so does a command line.
 */
export function wrap(text: string, width: number = current.width, indent = '', first = indent): string {
  return wrapLines(text, width, indent, first).join('\n');
}

/** A word and the spaces before it (kept when it stays on the same line). */
interface Word {
  readonly sep: string;
  readonly text: string;
}

function plainWords(text: string): Word[] {
  const out: Word[] = [];
  const re = /(\s*)(\S+)/g;
  for (let m = re.exec(text); m; m = re.exec(text)) out.push({ sep: m[1] || ' ', text: m[2] });
  return out;
}

/** The words of a paragraph, a command line being one word (to its end, or to its closing backtick). */
function wordsOf(text: string): Word[] {
  const words: Word[] = [];
  let rest = text;
  for (;;) {
    const at = commandStart(rest);
    if (at < 0) break;
    words.push(...plainWords(rest.slice(0, at)));
    const quoted = at > 0 && rest[at - 1] === '`';
    const end = quoted ? rest.indexOf('`', at) : -1;
    const cut = end < 0 ? rest.length : end + 1;
    const command = rest.slice(at, cut).trim();
    const last = words[words.length - 1];
    // The backtick that opens the command belongs to it.
    if (quoted && last && last.text.endsWith('`')) words[words.length - 1] = { sep: last.sep, text: last.text + command };
    else words.push({ sep: /\s$/.test(rest.slice(0, at)) || at === 0 ? ' ' : '', text: command });
    rest = rest.slice(cut);
  }
  words.push(...plainWords(rest));
  return words;
}

/**
 * A word wider than `room` (a kernel path's dotted label, a file path) cut after its dots, commas or slashes so that
 * each piece fits; a command line, or a word with nowhere to cut, stays whole.
 */
function splitLong(w: Word, room: number): Word[] {
  if (widthOf(w.text) <= room || room < 10 || commandStart(w.text) === 0) return [w];
  const out: Word[] = [];
  let rest = w.text;
  let sep = w.sep;
  while (widthOf(rest) > room) {
    const cut = Math.max(...['.', ',', '/'].map((c) => rest.lastIndexOf(c, room - 1)));
    if (cut <= 0) break;
    out.push({ sep, text: rest.slice(0, cut + 1) });
    rest = rest.slice(cut + 1);
    sep = ' ';
  }
  out.push({ sep, text: rest });
  return out;
}

function wrapLines(text: string, width: number, indent: string, first: string): string[] {
  const lines: string[] = [];
  let line = first;
  let empty = true;
  for (const w of wordsOf(text).flatMap((w) => splitLong(w, width - widthOf(indent)))) {
    if (!empty && widthOf(line) + widthOf(w.sep) + widthOf(w.text) > width) {
      lines.push(line);
      line = indent + w.text;
    } else line += (empty ? '' : w.sep) + w.text;
    empty = false;
  }
  if (!empty) lines.push(line);
  return lines;
}

/**
 * One line folded to `width`: words wrapped with a hanging indent (the line's own indent, two
 * more after a `- ` bullet or a `label: ` start), a command kept whole. Lines that fit, and the
 * rows of Markdown tables, are returned as they are.
 */
export function fitLine(line: string, width: number = current.width): string[] {
  if (widthOf(line) <= width || /^\s*\|/.test(line)) return [line];
  const lead = /^\s*/.exec(line)![0];
  const bullet = /^\s*(?:[-*] |\d+\. )/.exec(line);
  let hang = bullet ? ' '.repeat(bullet[0].length) : lead + '  ';
  if (widthOf(hang) > width / 2) hang = lead.slice(0, Math.floor(width / 4));
  return wrapLines(line.slice(lead.length), width, hang, lead);
}

/** Every line of `text` folded to the layout's width, in ASCII when it asks for that. */
export function fitText(text: string, l: Layout = current): string {
  const t = glyphs(text, l);
  return t
    .split('\n')
    .flatMap((line) => fitLine(line, l.width))
    .join('\n');
}

/** The lines of `text` wider than `width` that are not a command line kept whole (what a test checks). */
export function overWidth(text: string, width: number): string[] {
  return text.split('\n').filter((line) => {
    if (widthOf(line) <= width) return false;
    const at = commandStart(line);
    // Allowed: a command that does not fit, on its own line (after its indent or a label that does).
    return at < 0 || line.slice(0, at).replace(/`$/, '').trim() !== '';
  });
}

/** A field of a progress line, by importance (0 is kept longest). */
export interface ProgressField {
  readonly text: string;
  readonly rank: number;
}

/** The progress line at `width`: fields joined by ` | `, the least important dropped first until it fits. */
export function progressText(fields: readonly ProgressField[], width: number, prefix = '  '): string {
  let kept = [...fields];
  const text = () => prefix + kept.map((f) => f.text).join(' | ');
  while (kept.length > 1 && widthOf(text()) > width - 1) {
    const worst = Math.max(...kept.map((f) => f.rank));
    const i = kept.map((f) => f.rank).lastIndexOf(worst);
    kept = kept.filter((_, j) => j !== i);
  }
  const t = text();
  return widthOf(t) > width - 1 ? t.slice(0, Math.max(width - 1, 1)) : t;
}
