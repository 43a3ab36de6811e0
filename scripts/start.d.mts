/** Types of scripts/start.mjs (plain JavaScript so that `npm start` needs no tsx; see there). */
export declare const ROOT: string;
export declare const ASSETS: readonly (readonly [from: string, to: string])[];
export declare function buildServer(o: { root: string; entry: string; outDir: string }): Promise<string[]>;
export declare function buildKey(root: string, inputs: string[], entry: string): string | undefined;
export declare function ensureServerBuild(o?: { root?: string; entry?: string; cacheDir?: string; log?: (line: string) => void }): Promise<{ main: string; key: string; built: boolean }>;
