/**
 * What a built-in model declares: its configurations, its variants (the baseline, proposed
 * patches, and known-bad mutants that must be caught), its properties, and how to build an
 * explorable system for one configuration and variant.
 */
import type { AnyStateMachine } from 'xstate';
import type { Config, ConfigInput } from '../src/config/schema.ts';
import type { Action, CompiledMachine, Guard, Impl } from '../src/machine/compile.ts';
import type { Property } from '../properties/types.ts';
import type { OpenGap, UnreachableDeclaration } from '../src/coverage/model.ts';
import type { Mm } from './mm/kernel.ts';
import type { MmSystem } from './mm/system.ts';
import type { FamilySpec } from '../src/family/generate.ts';

/**
 * baseline: the kernel as it is (for the model of a proposal: the proposal, with each question it
 * leaves open answered by a reading that keeps every property); patch: a proposed change; mutant:
 * a known-bad change that must be caught; candidate: another reading of a proposal where it is
 * silent, checked to report what it keeps or breaks, its verdict recorded in `expect`.
 */
export type VariantKind = 'baseline' | 'patch' | 'mutant' | 'candidate';

/**
 * A variant of a model: named overrides of guards, actions or whole machines (each named as the
 * model names it). The baseline has no overrides.
 */
export interface Variant {
  readonly name: string;
  readonly kind: VariantKind;
  /** One line: what the change does, in kernel terms. */
  readonly description: string;
  /** The variant this one replaces or mutates (for patches and mutants). */
  readonly baseline?: string;
  /** Where the change comes from (a commit, a CVE, a seed thread). */
  readonly source?: string;
  readonly guards?: Readonly<Record<string, Guard<Mm>>>;
  readonly actions?: Readonly<Record<string, Action<Mm>>>;
  /** Whole machines replacing the model's machine of the same id. */
  readonly machines?: Readonly<Record<string, AnyStateMachine>>;
  /**
   * For mutants: the property code (or `deadlock`) that must catch it, or `divergence` when the
   * differential check against its `baseline` variant must (`pagecheck validate`). For
   * candidates: the verdict the checker gives it, `ok` or the property code (or `deadlock`) of its
   * first violation.
   */
  readonly expect?: string;
  /**
   * For mutants: the property that catches it first at the model's fuzz configuration, when
   * another real check sees the damage there before `expect`'s does (the suite's fuzz budget
   * expects it). Default: `expect`.
   */
  readonly fuzzExpect?: string;
  /**
   * The model's fuzz configuration it is fuzzed at (by the suite and by `pagecheck fuzz` without
   * --config), when the model's default one cannot show it. Default: the model's.
   */
  readonly fuzzConfig?: string;
  /** For candidates: the open question of the proposal it answers (a key of the model's report). */
  readonly question?: string;
  /** Configuration it is checked at by default (the model's default when absent). */
  readonly config?: string;
  /** Further configurations the suite and the manifest check it at, beside `config`: where its change meets a case its own configuration lacks (VMEMMAP, say). */
  readonly alsoAt?: readonly string[];
  /** Extra properties the variant brings, checked after every step with the model's own. */
  readonly properties?: readonly Property[];
  /** Extra named configurations (scenarios) the variant brings. */
  readonly configs?: Readonly<Record<string, ConfigInput>>;
  /** The file a user-written variant was loaded from. */
  readonly file?: string;
  /** The SHA-256 of that file's sources (src/variant/load.ts): what a trace of it records. */
  readonly fileSha256?: string;
  /**
   * The guards and actions that file wrote (its overrides and new ones, not those of the
   * built-in variant it starts from): a throw in one is the file author's error (src/variant/overrides.ts).
   */
  readonly authored?: { readonly guards: readonly string[]; readonly actions: readonly string[] };
  /**
   * What a file's overrides replace, where it is not the model's own implementation: the
   * overrides of the built-in variant it starts from, by name. An override written in a file
   * receives the implementation it replaces as its second argument (src/variant/overrides.ts).
   */
  readonly replaces?: { readonly guards: Readonly<Record<string, Guard<Mm>>>; readonly actions: Readonly<Record<string, Action<Mm>>> };
  /**
   * The variant its overrides are counted against while coverage is counted (src/variant/vacuity.ts):
   * set by the one who builds it (its `baseline` variant for a check, `--before` for a validation);
   * absent, nothing is counted.
   */
  readonly comparedWith?: Variant;
}

/** A model built for one configuration and one variant. */
export interface BuiltModel {
  readonly system: MmSystem;
  /** The compiled machine of every operation, by machine id. */
  readonly compiled: ReadonlyMap<string, CompiledMachine<Mm>>;
  /** The xstate machines of every operation (with the variant's implementations), by machine id; built when first asked for. */
  readonly xstate: () => ReadonlyMap<string, AnyStateMachine>;
}

/** One reading of an open question checked for the findings report: a variant at a configuration. */
export interface FindingsAnswer {
  readonly variant: string;
  /** Configuration (default: the variant's own). */
  readonly config?: string;
  /** The reading, in one line, as a reader of the proposal would put it. */
  readonly answer: string;
}

/** A question a proposal leaves open, with the readings checked. */
export interface FindingsQuestion {
  readonly key: string;
  /** The question. */
  readonly title: string;
  /** What the proposal says and does not say, and the configuration the readings are checked at. */
  readonly text: string;
  readonly answers: readonly FindingsAnswer[];
  /**
   * What the verdicts mean. It is written for the verdicts recorded in the variants' `expect`;
   * the report says so when a verdict differs.
   */
  readonly conclusion: string;
}

/** A cost comparison of two variants over a scenario (`validate --separately`). */
export interface FindingsCost {
  readonly config: string;
  readonly before: string;
  readonly after: string;
  readonly title: string;
  readonly text: string;
}

/**
 * What `pagecheck report --model M` says about the model of a proposal: a note that could be
 * posted in reply to it, with every verdict computed when the report is made.
 */
export interface FindingsSpec {
  readonly title: string;
  /** Opening paragraphs: what was modelled and how. */
  readonly intro: readonly string[];
  /** Per property: the configurations whose exploration exercises it (default: every configuration). */
  readonly propertyConfigs?: Readonly<Record<string, readonly string[]>>;
  readonly questions: readonly FindingsQuestion[];
  readonly costs: readonly FindingsCost[];
  /** Closing paragraphs: what the model leaves out. */
  readonly limits: readonly string[];
}

/** The kernel source a model follows: what a report says it was checked against. */
export interface KernelBasis {
  /** The version, e.g. `mainline v6.19/v7.0-rc (early 2026)`. */
  readonly version: string;
  /** What was read, with its commit or date. */
  readonly read: string;
  /** Patches on top, or what could not be read. */
  readonly notes?: string;
}

/** A built-in model. */
export interface ModelDef {
  readonly name: string;
  readonly description: string;
  /** The kernel version the model follows (also in its doc comment, `pagecheck list`, report headers and the README). */
  readonly kernel: KernelBasis;
  /** What the model leaves out on purpose, one item each (the doc comment's list; reports print it). */
  readonly abstracts: readonly string[];
  /** Named configurations; the suite checks the baseline at every one of them exhaustively. */
  readonly configs: Readonly<Record<string, ConfigInput>>;
  readonly defaultConfig: string;
  /**
   * Named configurations too large for exhaustive search (many CPUs, hundreds of pfns), kept out
   * of {@link configs} so that the exhaustive suite never runs them: `pagecheck fuzz` explores
   * them, and the suite runs a fixed fuzz budget on each. Names must not repeat those of configs.
   */
  readonly fuzzConfigs?: Readonly<Record<string, ConfigInput>>;
  /** The configuration `pagecheck fuzz` uses when none is given (a name in fuzzConfigs or configs). */
  readonly defaultFuzzConfig?: string;
  /** The dimensions of the model's configuration families (`--scope`, src/family/generate.ts); absent: the model has none. */
  readonly family?: FamilySpec;
  readonly variants: readonly Variant[];
  /** Properties this model checks, in reporting order. */
  readonly properties: readonly Property[];
  /** The model's guards and actions by name (what a variant may override). */
  readonly impl: Impl<Mm>;
  /**
   * The model's own registers beyond the shared ones (`R` of ./mm/layout.ts): the name of the
   * object that holds them as the API exports it (the contig model's `CR`, the pcp-buddy model's
   * `RB`) and the object, what a variant reads with `k.r(CR.start)`.
   */
  readonly registers?: { readonly name: string; readonly values: Readonly<Record<string, number>> };
  /** The entry machines, one per workload operation; every machine a variant may override is one of them or inlined in one. */
  readonly entries: readonly AnyStateMachine[];
  /** The findings report of a model of a proposal (`pagecheck report`); absent for other models. */
  readonly findings?: FindingsSpec;
  /**
   * Coverage items (edges, events, calls) that no configuration of the model can reach, each with
   * the reason (src/coverage/model.ts). The suite fails on any item that no configuration's
   * baseline check reaches unless it is declared here, and on a declaration that matches no item
   * or matches one that is reached. Prefer a configuration that reaches an item to declaring it.
   */
  readonly unreachable?: readonly UnreachableDeclaration[];
  /**
   * Coverage items no configuration reaches yet, though none is known to be unreachable, grouped
   * by what no configuration does (src/coverage/model.ts): the suite reports them as open gaps,
   * a bound of what its checks exercised; an item recorded here that becomes reached is an error
   * until it is removed. Reach them with configurations; never add to the list to make the suite pass.
   */
  readonly openGaps?: readonly OpenGap[];
  /** Builds the system; throws a UsageError when the configuration does not suit the model. */
  build(config: Config, variant: Variant): BuiltModel;
}
