/** The benches' command line: `--name value` options (node:util parseArgs would refuse the options each bench does not declare). */

/** The value after `--name` in `argv` (default: this process's arguments), or undefined when absent. */
export function option(name: string, argv: readonly string[] = process.argv.slice(2)): string | undefined {
  const i = argv.indexOf(`--${name}`);
  return i >= 0 ? argv[i + 1] : undefined;
}
