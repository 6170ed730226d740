/**
 * `pagecheck conform TRACE`: checks an ftrace kmem event history captured from a running kernel
 * against the allocator model. TRACE is a `trace` file (plain, xz or gzip) or a directory written
 * by `scripts/capture-ftrace.sh`, whose zoneinfo and event formats are then used too.
 * Exit status: 0 no finding, 1 findings, 2 bad input or a truncated/corrupt trace, 4 internal error.
 */
import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { Command } from 'commander';
import { checkFormats } from '../../conform/formats.ts';
import { profileOf, releaseOfCapture } from '../../conform/profile.ts';
import { readTextInput } from '../../util/files.ts';
import { conformFile, DEFAULT_MAX_LISTED } from '../../conform/run.ts';
import { DEFAULT_MAX_FINDINGS } from '../../conform/checker.ts';
import { readZoneinfo } from '../../conform/zoneinfo.ts';
import { conformJson, conformProblem, conformSharedStatus, conformStatus, formatConformMarkdown, formatConformText } from '../../report/conform.ts';
import { envelope } from '../../report/vocabulary.ts';
import { UsageError, unreachable } from '../../util/unreachable.ts';
import { EXIT, type Io } from '../io.ts';
import { choiceOption, intOption } from '../options.ts';

/** The trace file, zoneinfo and format directory a TRACE argument stands for. */
export interface TraceInput {
  readonly trace: string;
  readonly zoneinfo: string | null;
  readonly formats: string | null;
  /** The kernel release the capture's info.txt records (`6.1.192`), if any. */
  readonly release: string | null;
}

/** Resolves TRACE: a file, or a capture directory (trace.txt.xz or trace.txt, before.zoneinfo.txt, format.*.txt). */
export function resolveTrace(arg: string, zoneinfo: string | undefined): TraceInput {
  if (!existsSync(arg)) throw new UsageError(`TRACE '${arg}' does not exist`);
  if (!statSync(arg).isDirectory()) return { trace: arg, zoneinfo: zoneinfo ?? null, formats: null, release: null };
  const trace = ['trace.txt.xz', 'trace.txt', 'trace.txt.gz', 'trace'].map((f) => join(arg, f)).find((f) => existsSync(f));
  if (!trace) throw new UsageError(`TRACE '${arg}' is a directory without trace.txt.xz, trace.txt or trace`);
  const zi = join(arg, 'before.zoneinfo.txt');
  const info = join(arg, 'info.txt');
  const release = existsSync(info) ? releaseOfCapture(readTextInput(info, 'capture info file', 2 ** 20)) : null;
  return { trace, zoneinfo: zoneinfo ?? (existsSync(zi) ? zi : null), formats: arg, release };
}

/** Registers the command. */
export function registerConform(program: Command, io: Io, setExit: (n: number) => void): void {
  program
    .command('conform')
    .description('check an ftrace kmem event history from a real kernel against the allocator model (open world)')
    .argument('<TRACE>', 'ftrace text trace (plain, .xz or .gz), or a directory written by scripts/capture-ftrace.sh')
    .option('--kernel <version>', `kernel version whose rules apply: 6.1 (6.1.57 and later) or a 6.1 stable release 6.1.N; default: the release a capture directory's info.txt records, else 6.1`, (v: string) => {
      profileOf(v);
      return v;
    })
    .option('--zoneinfo <file>', 'a copy of /proc/zoneinfo from the traced machine (zones, PCP high and batch); default: before.zoneinfo.txt in a capture directory')
    .option('--isolation', 'pageblocks may be MIGRATE_ISOLATE during the trace (CMA, alloc_contig_range, memory offline): frees may bypass the PCP lists at any time')
    .option('--preempt', 'the kernel is preemptible (preempt=full): a task may move to another CPU between taking a page and tracing it')
    .option('--max-findings <n>', 'bound: findings listed in full; more are counted', intOption('--max-findings', 0), DEFAULT_MAX_FINDINGS)
    .option('--max-listed <n>', 'bound: skipped lines listed per kind; all are counted', intOption('--max-listed', 0), DEFAULT_MAX_LISTED)
    .option('--json', 'print one JSON object on stdout')
    .option('--md', 'print the report as Markdown')
    .action(async (arg: string, o: Record<string, unknown>) => {
      if (o.json && o.md) throw new UsageError('--json and --md cannot be used together');
      const input = resolveTrace(arg, o.zoneinfo as string | undefined);
      if (input.formats) checkFormats(input.formats);
      const zones = input.zoneinfo ? readZoneinfo(input.zoneinfo, o.zoneinfo ? '--zoneinfo' : 'before.zoneinfo.txt') : undefined;
      const result = await conformFile(input.trace, {
        profile: profileOf((o.kernel as string | undefined) ?? input.release ?? '6.1'),
        zones,
        zoneinfoPath: input.zoneinfo ?? undefined,
        isolation: Boolean(o.isolation),
        preempt: Boolean(o.preempt),
        maxFindings: o.maxFindings as number,
        maxListed: o.maxListed as number,
      });
      if (o.json) io.out(JSON.stringify(envelope('conform', conformSharedStatus(result), conformJson(result))));
      else if (o.md) io.out(formatConformMarkdown(result));
      else io.out(formatConformText(result, io.tty));
      // A truncated or empty input is an input error (exit 2) whatever else was found, said on stderr.
      const problem = conformProblem(result);
      if (problem) io.err(`pagecheck: ${problem}`);
      setExit(problem ? EXIT.usage : conformStatus(result) === 'findings' ? EXIT.violation : EXIT.ok);
    });
}
