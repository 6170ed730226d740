/**
 * The kernel's own description of each event (`events/kmem/<event>/format`): its `print fmt`
 * names the `key=` fields a trace line shows. When a capture brings these files, the checker
 * compares them with the fields it reads, so that a kernel whose events print differently is
 * refused up front instead of every line being reported as malformed.
 */
import { existsSync } from 'node:fs';
import { readTextInput } from '../util/files.ts';
import { join } from 'node:path';
import { UsageError } from '../util/unreachable.ts';
import { EVENT_NAMES, REQUIRED_FIELDS, type EventName } from './events.ts';

/** The `key` of every `key=%...` in a format file's `print fmt`. */
export function printedFields(format: string): string[] {
  const fmt = /^print fmt: "([^"]*)"/m.exec(format);
  if (!fmt) return [];
  return [...fmt[1].matchAll(/(\w+)=(?:0x)?%/g)].map((m) => m[1]);
}

/** Where a format file of `event` may be in `dir`: the capture's name or tracefs's layout. */
function formatPath(dir: string, event: EventName): string | null {
  for (const p of [join(dir, `format.${event}.txt`), join(dir, event, 'format'), join(dir, 'events', 'kmem', event, 'format')]) if (existsSync(p)) return p;
  return null;
}

/**
 * Checks every format file found in `dir` against {@link REQUIRED_FIELDS}; returns the events
 * whose format was checked. A UsageError names the event and the missing fields.
 */
export function checkFormats(dir: string): EventName[] {
  const checked: EventName[] = [];
  for (const ev of EVENT_NAMES) {
    const p = formatPath(dir, ev);
    if (!p) continue;
    const printed = printedFields(readTextInput(p, 'event format file', 2 ** 20));
    const missing = REQUIRED_FIELDS[ev].filter((k) => !printed.includes(k));
    if (missing.length)
      throw new UsageError(`${p}: this kernel's ${ev} prints ${printed.join(', ') || 'no key=value fields'}; the checker needs ${missing.join(', ')} (another kernel version?)`);
    checked.push(ev);
  }
  return checked;
}
