/** `npm run data:check [dir]`: one line per problem in data/ (or dir); exit 1 if there are any. */
import { formatProblem } from '../../server/dataset/load';
import { checkDataset } from './check-dataset';

const dir = process.argv[2] ?? 'data';
const problems = await checkDataset(dir);
for (const p of problems) console.log(formatProblem(p));
if (problems.length > 0) {
  console.error(`${problems.length} problem(s) in ${dir}/`);
  process.exit(1);
}
console.log(`${dir}/: no problems`);
