/** Types of scripts/build.mjs (see there). */
export declare const ROOT: string;
export declare const ENTRIES: readonly string[];
export declare function isFresh(): Promise<boolean>;
export declare function build(opts?: { types?: boolean }): Promise<number>;
export declare function ensureBuilt(): Promise<boolean>;
