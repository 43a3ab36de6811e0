/**
 * Sections of bench/RESULTS.md that a full `npm run bench` keeps: each is written by another bench
 * or by hand (a dated, one-off measurement) between `<!-- NAME:start -->` and `<!-- NAME:end -->`.
 * The full run regenerates everything else; without this it would drop them.
 */
const BLOCK = /<!-- ([a-z0-9][a-z0-9-]*):start -->[\s\S]*?<!-- \1:end -->/g;

export interface KeptSection {
  name: string;
  text: string;
}

/** Every marked section of an earlier RESULTS.md, in order, markers included. */
export function keptSections(old: string): KeptSection[] {
  return [...old.matchAll(BLOCK)].map((m) => ({ name: m[1], text: m[0] }));
}

/**
 * The new file: the sections kept from `old` go where they stood relative to the generated part —
 * `tail` names go after it (the interop section, which its bench appends), the rest after the
 * generated file's first line block (title and date), so dated measurements stay on top.
 */
export function withKeptSections(generated: string, old: string, tail: readonly string[] = ['interop']): string {
  // A section the generated part already has (e.g. from bench/gaps.md) is not repeated.
  const kept = keptSections(old).filter((k) => !generated.includes(`<!-- ${k.name}:start -->`));
  const head = kept.filter((k) => !tail.includes(k.name)).map((k) => k.text);
  const end = kept.filter((k) => tail.includes(k.name)).map((k) => k.text);
  let md = generated;
  if (head.length) {
    const at = md.indexOf('\n## ');
    const cut = at >= 0 ? at + 1 : md.length;
    md = `${md.slice(0, cut)}${head.join('\n\n')}\n\n${md.slice(cut)}`;
  }
  if (end.length) md = `${md.replace(/\n*$/, '\n')}\n${end.join('\n\n')}\n`;
  return md;
}
