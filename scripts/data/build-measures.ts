/**
 * Writes data/measures.json: the plan's 23 measures read from the seed text (plan-text.ts)
 * merged with the hand-written English titles and targets (measures-source.ts).
 * Run: `npx tsx scripts/data/build-measures.ts`.
 */
import { readFile, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { MeasureSchema, type Measure } from '../../core/schema';
import { MEASURE_TITLES_EN, SECTION_TITLES_EN, TARGETS } from './measures-source';
import { parsePlanMeasures, SEED_PATH } from './plan-text';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '../..');

/** Pure: seed text → the validated measures. */
export function buildMeasures(seed: string): Measure[] {
  return parsePlanMeasures(seed).map((m) =>
    MeasureSchema.parse({
      id: m.id,
      section: m.section,
      section_title: m.section_title,
      section_title_en: SECTION_TITLES_EN[m.section],
      title: m.title,
      title_en: MEASURE_TITLES_EN[m.id],
      text: m.text,
      departments: m.departments,
      departments_exhaustive: m.departments_exhaustive,
      targets: TARGETS[m.id] ?? [],
    }),
  );
}

async function main() {
  const seed = await readFile(join(ROOT, SEED_PATH), 'utf8');
  const measures = buildMeasures(seed);
  await writeFile(join(ROOT, 'data/measures.json'), `${JSON.stringify(measures, null, 2)}\n`);
  console.log(`data/measures.json: ${measures.length} measures, ${measures.reduce((n, m) => n + m.targets.length, 0)} targets`);
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  main().catch((e) => {
    console.error(e instanceof Error ? e.message : e);
    process.exit(1);
  });
}
