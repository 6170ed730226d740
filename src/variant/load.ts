/**
 * Loading a user-written variant file (TypeScript or JavaScript, anywhere on disk) without a
 * build step: bundle it with esbuild (so that its own relative imports come along, and
 * `'pagecheck'` resolves to the public API), type-check it against that API, import it, and
 * validate its default export against the model it names. Every mistake a user will make is a
 * UsageError with the file, the line and column where there are some, and the closest names.
 */
import type { Message } from 'esbuild';
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join, relative, resolve as resolvePath } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { z } from 'zod';
import type { AnyStateMachine } from 'xstate';
import { closest } from '../util/bits.ts';
import { entryUrl, packageUrl } from '../util/modules.ts';
import { UsageError } from '../util/unreachable.ts';
import { formatIssues } from '../config/load.ts';
import { wrapUserProperty } from './overrides.ts';
import { changedGlobals, keepGlobals } from './globals.ts';
import type { Action, Guard } from '../machine/compile.ts';
import type { Finding } from '../engine/types.ts';
import { machineRegistry } from '../../models/mm/build.ts';
import { Mm } from '../../models/mm/kernel.ts';
import { MmView } from '../../models/mm/view.ts';
import type { ModelDef, Variant } from '../../models/types.ts';
import type { Property } from '../../properties/types.ts';
import { PROPERTIES } from '../../properties/index.ts';
import type { MachineSpec, PropertySpec, StateSpec, VariantSpec } from '../api.ts';

/** What a variant file's `import 'pagecheck'` loads: the API module of the build that runs. */
const API_URL = entryUrl('src/api.ts').href;
/** What it is type-checked against: the API's source in a checkout, its declarations in an installed package. */
const API_TYPES = [packageUrl('src/api.ts'), packageUrl('dist/types/src/api.d.ts')].map((u) => fileURLToPath(u)).find((f) => existsSync(f));

/** True when a --variant argument names a file rather than a built-in variant. */
export function isVariantPath(arg: string): boolean {
  return /[\\/]/.test(arg) || /\.(m?[jt]s|cts|cjs)$/.test(arg);
}

const fn = z.custom<(...a: unknown[]) => unknown>((v) => typeof v === 'function', { message: 'must be a function' });
const SpecSchema = z
  .object({
    model: z.string().min(1),
    name: z.string().min(1).regex(/^[\w.-]+$/, 'must be a plain name (letters, digits, -, _, .)'),
    kind: z.enum(['patch', 'mutant', 'candidate']),
    description: z.string().min(1),
    baseline: z.string().min(1).optional(),
    guards: z.record(z.string(), fn).optional(),
    actions: z.record(z.string(), fn).optional(),
    machines: z.record(z.string(), z.object({ initial: z.string(), states: z.record(z.string(), z.unknown()) }).passthrough()).optional(),
    newGuards: z.record(z.string(), fn).optional(),
    newActions: z.record(z.string(), fn).optional(),
    expect: z.string().min(1).optional(),
    question: z.string().min(1).optional(),
    config: z.string().min(1).optional(),
    properties: z.array(z.object({ code: z.string().min(1), title: z.string().min(1), meaning: z.string().min(1), check: fn }).strict()).optional(),
    configs: z.record(z.string(), z.unknown()).optional(),
  })
  .strict();

/**
 * Bundles the file into one ESM module in a temporary directory; returns its path and the
 * SHA-256 of its sources (the file and every file of the user's it imports, by path relative to
 * it and content): what a trace records, so that a replay runs the same code or none.
 */
async function bundle(file: string): Promise<{ path: string; sha256: string }> {
  const out = join(mkdtempSync(join(tmpdir(), 'pagecheck-variant-')), basename(file).replace(/\.[^.]+$/, '') + '.mjs');
  let text: string;
  let sha256: string;
  // Loaded here, not at startup: only a variant file needs the bundler.
  const { build } = await import('esbuild');
  try {
    const r = await build({
      entryPoints: [file],
      // Where the bundle is written, so that its source map names the user's file from there.
      outfile: out,
      bundle: true,
      format: 'esm',
      platform: 'node',
      target: 'node20',
      write: false,
      logLevel: 'silent',
      // The user's stack, in an error report, names the lines of their file.
      sourcemap: 'inline',
      metafile: true,
      plugins: [
        {
          name: 'pagecheck-api',
          setup(b) {
            b.onResolve({ filter: /^pagecheck$/ }, () => ({ path: API_URL, external: true }));
            // The model libraries resolve to pagecheck's own copies, wherever the file lives.
            b.onResolve({ filter: /^(xstate|fast-check)$/ }, (a) => ({ path: new URL(import.meta.resolve(a.path)).href, external: true }));
          },
        },
      ],
    });
    text = r.outputFiles.find((f) => f.path === out)?.text ?? r.outputFiles[0].text;
    sha256 = sourcesHash(file, Object.keys(r.metafile?.inputs ?? {}));
  } catch (e) {
    const errors = (e as { errors?: Message[] }).errors;
    if (errors?.length) throw new UsageError(`variant file ${file} does not compile:\n${errors.slice(0, 5).map((m) => formatMessage(m, file)).join('\n')}`);
    throw new UsageError(`variant file ${file} does not compile: ${(e as Error).message}`);
  }
  writeFileSync(out, text);
  return { path: out, sha256 };
}

/**
 * The SHA-256 of a variant's sources: the file's bytes, then each file it imports by its path
 * relative to the file's directory and its bytes (the file itself may be renamed: a trace and its
 * variant travel by mail).
 */
function sourcesHash(entry: string, inputs: readonly string[]): string {
  const h = createHash('sha256');
  const base = dirname(entry);
  const imported = [...new Set(inputs.filter((f) => !/^[a-z]+:/.test(f)).map((f) => resolvePath(f)))].filter((f) => f !== entry).sort();
  for (const f of [entry, ...imported]) {
    h.update(f === entry ? '' : relative(base, f));
    h.update('\0');
    h.update(readFileSync(f));
    h.update('\0');
  }
  return h.digest('hex');
}

/** The SHA-256 of a variant file's sources, as a trace records it (see {@link bundle}). */
export async function variantHash(path: string): Promise<string> {
  return (await bundle(checkedPath(path))).sha256;
}

/** The variant file's absolute path; a UsageError when it is missing or not a regular file. */
function checkedPath(path: string): string {
  const file = resolvePath(path);
  let st;
  try {
    st = statSync(file);
  } catch {
    throw new UsageError(`variant file ${path} does not exist`);
  }
  if (!st.isFile()) throw new UsageError(`variant file ${path} is not a regular file`);
  return file;
}

function formatMessage(m: Message, file: string): string {
  const loc = m.location;
  if (!loc) return `  ${m.text}`;
  // esbuild names files relative to the working directory; say which file in full.
  const name = resolvePath(loc.file) === file ? file : resolvePath(loc.file);
  return `  ${name}:${loc.line}:${loc.column + 1}: ${m.text}\n    ${loc.lineText}\n    ${' '.repeat(loc.column)}^`;
}

let lastProgram: unknown;

/** Type-checks the file against the public API (TypeScript files only). */
async function typecheck(file: string): Promise<void> {
  if (!/\.[mc]?ts$/.test(file)) return;
  if (!API_TYPES) return; // neither the sources nor the declarations: nothing to check against.
  let ts: typeof import('typescript');
  try {
    ts = (await import('typescript')).default;
  } catch {
    return; // TypeScript is a development dependency; without it the syntax check above still ran.
  }
  const options: import('typescript').CompilerOptions = {
    strict: true,
    noEmit: true,
    target: ts.ScriptTarget.ES2022,
    module: ts.ModuleKind.ESNext,
    moduleResolution: ts.ModuleResolutionKind.Bundler,
    allowImportingTsExtensions: true,
    skipLibCheck: true,
    types: [],
    baseUrl: '/',
    paths: { pagecheck: [API_TYPES] },
  };
  // Reusing the previous program lets TypeScript keep the API's and the libraries' parsed files.
  const program = ts.createProgram([file], options, undefined, lastProgram as import('typescript').Program | undefined);
  lastProgram = program;
  // Only the user's file is checked (the API's own files are checked with the project); the
  // checker then resolves only the types that file uses.
  const source = program.getSourceFile(file);
  const diags = source ? [...program.getSyntacticDiagnostics(source), ...program.getSemanticDiagnostics(source)] : [];
  if (!diags.length) return;
  const lines = diags.slice(0, 5).map((d) => {
    const { line, character } = d.file!.getLineAndCharacterOfPosition(d.start ?? 0);
    return `  ${file}:${line + 1}:${character + 1}: ${ts.flattenDiagnosticMessageText(d.messageText, '\n    ')}`;
  });
  throw new UsageError(`variant file ${file} does not compile:\n${lines.join('\n')}${diags.length > 5 ? `\n  (${diags.length - 5} more)` : ''}`);
}

/** Replaces `call: '<id>'` states by the model's machine of that id, inlined. */
function resolveCalls(spec: MachineSpec, registry: Map<string, { initial: unknown; states: unknown }>, where: string): Record<string, unknown> {
  const conv = (states: Readonly<Record<string, StateSpec>>, path: string): Record<string, unknown> =>
    Object.fromEntries(
      Object.entries(states).map(([name, st]) => {
        const here = path ? `${path}.${name}` : name;
        if (st && typeof st === 'object' && 'call' in st && st.call !== undefined) {
          const target = registry.get(st.call);
          if (!target) {
            const near = closest(st.call, [...registry.keys()]);
            throw new UsageError(`${where}: state '${here}' calls '${st.call}', which is not a machine of this model${near.length ? `; closest: ${near.join(', ')}` : ''}. Machines: ${[...registry.keys()].join(', ')}`);
          }
          const { call, ...rest } = st;
          return [name, { ...rest, initial: target.initial, states: target.states, meta: { inline: call } }];
        }
        if (st && typeof st === 'object' && st.states) return [name, { ...st, states: conv(st.states, here) }];
        return [name, st];
      }),
    );
  return { ...spec, states: conv(spec.states, '') };
}

/** Wraps a user property as a state property of the model. */
function propertyOf(p: PropertySpec, file: string): Property {
  return {
    code: p.code,
    title: p.title,
    meaning: `${p.meaning} (from ${basename(file)})`,
    kind: 'state',
    check: (() => {
      let k: Mm | null = null;
      const check = wrapUserProperty(p.code, file, p.check as (k: Mm) => unknown);
      return (v: MmView): Finding | null => {
        if (!k || k.L !== v.L) k = new Mm(v.L);
        const msg = check(k.bind(v.s, 0));
        return msg !== null ? { code: p.code, message: msg } : null;
      };
    })(),
  };
}

/** A loaded variant file: the model it is for and the variant, ready to build. */
export interface LoadedVariant {
  readonly model: ModelDef;
  readonly variant: Variant;
}

/**
 * Loads, type-checks and validates a variant file. `expectModel` is the model given on the
 * command line, if any; a file written for another model is refused.
 */
export async function loadVariantFile(path: string, models: readonly ModelDef[], expectModel?: string, opts: { readonly typecheck?: boolean } = {}): Promise<LoadedVariant> {
  const file = checkedPath(path);
  const { path: bundled, sha256 } = await bundle(file);
  // A worker thread loading a file the main thread has type-checked already skips it.
  if (opts.typecheck ?? true) await typecheck(file);
  let mod: Record<string, unknown>;
  process.setSourceMapsEnabled(true);
  keepGlobals();
  try {
    mod = (await import(pathToFileURL(bundled).href)) as Record<string, unknown>;
  } catch (e) {
    throw new UsageError(`variant file ${path} failed while loading: ${(e as Error).message}`);
  }
  const replaced = changedGlobals();
  if (replaced.length) throw new UsageError(`variant file ${path} replaces ${replaced.slice(0, 5).join(', ')} while loading: pagecheck's checks and reports rely on the language's globals; keep changes to your own objects`);
  const raw = mod.default;
  if (raw === undefined) throw new UsageError(`variant file ${path} has no default export: export default defineVariant({ model, name, kind, description, ... })`);
  const parsed = SpecSchema.safeParse(raw);
  if (!parsed.success) throw new UsageError(`variant file ${path}: the default export is not a variant:\n${formatIssues(parsed.error.issues, 'variant')}`);
  const spec = parsed.data as unknown as VariantSpec;
  const where = `variant file ${path}`;

  const model = models.find((m) => m.name === spec.model);
  if (!model) {
    const near = closest(spec.model, models.map((m) => m.name));
    throw new UsageError(`${where}: model '${spec.model}' does not exist${near.length ? `; did you mean '${near[0]}'?` : ''} (models: ${models.map((m) => m.name).join(', ')})`);
  }
  if (expectModel && expectModel !== spec.model) throw new UsageError(`${where} declares a variant of model ${spec.model}, not of ${expectModel}`);

  const baseName = spec.baseline ?? 'baseline';
  const base = model.variants.find((v) => v.name === baseName);
  if (!base) {
    const near = closest(baseName, model.variants.map((v) => v.name));
    throw new UsageError(`${where}: baseline '${baseName}' is not a variant of ${model.name}${near.length ? `; did you mean '${near[0]}'?` : ''}`);
  }
  if (model.variants.some((v) => v.name === spec.name)) throw new UsageError(`${where}: ${model.name} already has a variant named '${spec.name}'; choose another name`);

  const checkNames = (kind: 'guard' | 'action', given: Readonly<Record<string, unknown>> | undefined, known: readonly string[]) => {
    for (const name of Object.keys(given ?? {}))
      if (!known.includes(name)) {
        const near = closest(name, known);
        throw new UsageError(`${where}: overrides ${kind} '${name}', which ${model.name} does not have${near.length ? `; closest: ${near.join(', ')}` : ''} (to add a new ${kind}, put it under new${kind === 'guard' ? 'Guards' : 'Actions'})`);
      }
  };
  const guardNames = Object.keys(model.impl.guards);
  const actionNames = Object.keys(model.impl.actions);
  checkNames('guard', spec.guards, guardNames);
  checkNames('action', spec.actions, actionNames);
  for (const [kind, given, known] of [['guard', spec.newGuards, guardNames], ['action', spec.newActions, actionNames]] as const)
    for (const name of Object.keys(given ?? {}))
      if (known.includes(name)) throw new UsageError(`${where}: new ${kind} '${name}' already exists in ${model.name}; to replace it, put it under ${kind}s`);

  const registry = machineRegistry(model.entries);
  const machines: Record<string, AnyStateMachine> = {};
  for (const [id, m] of Object.entries(spec.machines ?? {})) {
    if (!registry.has(id)) {
      const near = closest(id, [...registry.keys()]);
      throw new UsageError(`${where}: overrides machine '${id}', which ${model.name} does not have${near.length ? `; closest: ${near.join(', ')}` : ''}. Machines: ${[...registry.keys()].join(', ')}`);
    }
    // The compiler reads `.config`; a plain configuration is wrapped as one.
    machines[id] = { config: { ...resolveCalls(m, registry, `${where}, machine ${id}`), id } } as unknown as AnyStateMachine;
  }

  const builtIn = new Set([...PROPERTIES.map((p) => p.code), ...model.properties.map((p) => p.code)]);
  for (const p of spec.properties ?? []) if (builtIn.has(p.code)) throw new UsageError(`${where}: property code ${p.code} is a built-in property; choose another code`);
  if (spec.kind === 'mutant' && !spec.expect) throw new UsageError(`${where}: a mutant must say which property catches it (expect: 'P1', ..., or 'deadlock')`);
  if (spec.kind === 'candidate') {
    const keys = model.findings?.questions.map((q) => q.key) ?? [];
    if (!keys.length) throw new UsageError(`${where}: a candidate answers an open question of a model of a proposal, and ${model.name} has none (models with open questions: ${models.filter((m) => m.findings).map((m) => m.name).join(', ') || 'none'})`);
    if (!spec.question || !keys.includes(spec.question)) {
      const near = spec.question ? closest(spec.question, keys) : [];
      throw new UsageError(`${where}: a candidate must name the open question it answers (question: one of ${keys.join(', ')})${near.length ? `; did you mean '${near[0]}'?` : ''}`);
    }
    if (!spec.expect) throw new UsageError(`${where}: a candidate must record the verdict it is expected to get (expect: 'ok', a property code, or 'deadlock')`);
  } else if (spec.question) throw new UsageError(`${where}: only a candidate answers a question; a ${spec.kind} has no 'question'`);

  const variant: Variant = {
    name: spec.name,
    kind: spec.kind,
    description: spec.description,
    baseline: baseName,
    source: path,
    file,
    fileSha256: sha256,
    guards: { ...(base.guards ?? {}), ...(spec.newGuards ?? {}), ...(spec.guards ?? {}) } as Record<string, Guard<Mm>>,
    actions: { ...(base.actions ?? {}), ...(spec.newActions ?? {}), ...(spec.actions ?? {}) } as Record<string, Action<Mm>>,
    machines: { ...(base.machines ?? {}), ...machines },
    authored: { guards: [...Object.keys(spec.newGuards ?? {}), ...Object.keys(spec.guards ?? {})], actions: [...Object.keys(spec.newActions ?? {}), ...Object.keys(spec.actions ?? {})] },
    // An override of a name the baseline variant overrides too replaces the baseline's version.
    replaces: {
      guards: Object.fromEntries(Object.keys(spec.guards ?? {}).flatMap((n) => (base.guards?.[n] ? [[n, base.guards[n]]] : []))),
      actions: Object.fromEntries(Object.keys(spec.actions ?? {}).flatMap((n) => (base.actions?.[n] ? [[n, base.actions[n]]] : []))),
    },
    expect: spec.expect,
    question: spec.question,
    config: spec.config ?? base.config,
    properties: [...(base.properties ?? []), ...(spec.properties ?? []).map((p) => propertyOf(p, file))],
    configs: { ...(base.configs ?? {}), ...((spec.configs ?? {}) as Variant['configs']) },
  };
  return { model, variant };
}
