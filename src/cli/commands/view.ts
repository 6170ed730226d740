/** `pagecheck view TRACE.json [-o FILE.html]`: the trace viewer page of a trace file. */
import type { Command } from 'commander';
import { readTraceFile, replayCommand } from '../../report/trace-file.ts';
import { UsageError } from '../../util/unreachable.ts';
import { traceDocument } from '../../view/document.ts';
import { writeViewer } from '../../view/html.ts';
import type { Io } from '../io.ts';

/** Where the page of a trace goes by default: beside it, `.html` for `.json`. */
export function defaultHtmlPath(trace: string): string {
  return trace.replace(/\.json$/i, '') + '.html';
}

/** Registers the command. */
export function registerView(program: Command, io: Io): void {
  program
    .command('view')
    .description(
      'write the trace viewer of a trace file (--trace-out, or fuzz): one self-contained HTML page with a lane per CPU and interrupt context, the memory map and the allocator state of every step, keyboard stepping',
    )
    .argument('<trace>', 'trace file')
    .option('-o, --output <file>', 'the page to write (default: the trace file with .html)')
    .action(async (file: string, o: { output?: string }) => {
      const t = readTraceFile(file, (m) => io.err(`pagecheck: warning: ${m}`));
      const out = o.output ?? defaultHtmlPath(file);
      // Format 3 records the decoded states; an older trace is re-executed by replay, which decodes them.
      if (!t.layout)
        throw new UsageError(`trace file ${file} is format version ${t.version}, which records no states for the viewer: draw it with ${replayCommand(file, t)} --html ${out} (the replay decodes them)`);
      const doc = traceDocument(t, replayCommand(file, t));
      writeViewer(out, doc);
      io.out(`Viewer written to ${out} (${doc.steps.length} steps); open it in a browser.`);
    });
}
