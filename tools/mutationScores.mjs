// The mutation score of each folder of the engine, from the report `npm run mutation` writes
// (test-results/mutation/mutation.json, Stryker's mutation-testing-report schema). Run after it, or by it.
//
//   node tools/mutationScores.mjs [report.json] [--under=80]   # --under: also list the survivors of folders below it
//
// Score = detected / (detected + undetected), as Stryker counts it: killed and timed-out mutants are detected;
// survived and not-covered ones are not; compile errors and ignored mutants are left out.
import fs from 'node:fs';
import path from 'node:path';

const args = process.argv.slice(2);
const reportFile = args.find((a) => !a.startsWith('--')) ?? 'test-results/mutation/mutation.json';
const under = Number(args.find((a) => a.startsWith('--under='))?.slice('--under='.length) ?? NaN);
const report = JSON.parse(fs.readFileSync(reportFile, 'utf8'));

const UNDETECTED = new Set(['Survived', 'NoCoverage']);
const folders = new Map();
for (const [file, { mutants }] of Object.entries(report.files)) {
  const folder = path.dirname(path.relative(process.cwd(), path.resolve(file)));
  const row = folders.get(folder) ?? { killed: 0, timeout: 0, survived: 0, noCoverage: 0, survivors: [] };
  for (const mutant of mutants) {
    if (mutant.status === 'Killed') row.killed++;
    else if (mutant.status === 'Timeout') row.timeout++;
    else if (mutant.status === 'Survived') row.survived++;
    else if (mutant.status === 'NoCoverage') row.noCoverage++;
    if (UNDETECTED.has(mutant.status))
      row.survivors.push(
        `${path.basename(file)}:${mutant.location.start.line} ${mutant.mutatorName}${mutant.replacement ? ` → ${mutant.replacement.replace(/\s+/g, ' ').slice(0, 60)}` : ''}`,
      );
  }
  folders.set(folder, row);
}

const score = (r) => {
  const detected = r.killed + r.timeout;
  const total = detected + r.survived + r.noCoverage;
  return total ? (100 * detected) / total : 100;
};
const all = { killed: 0, timeout: 0, survived: 0, noCoverage: 0 };
console.log('| folder | score | killed | timed out | survived | no coverage |');
console.log('|---|---|---|---|---|---|');
for (const [folder, r] of [...folders].sort(([a], [b]) => a.localeCompare(b))) {
  for (const k of Object.keys(all)) all[k] += r[k];
  console.log(`| ${folder} | ${score(r).toFixed(1)}% | ${r.killed} | ${r.timeout} | ${r.survived} | ${r.noCoverage} |`);
}
console.log(`| all | ${score(all).toFixed(1)}% | ${all.killed} | ${all.timeout} | ${all.survived} | ${all.noCoverage} |`);
if (!Number.isNaN(under)) {
  for (const [folder, r] of folders) {
    if (score(r) >= under) continue;
    console.log(`\n${folder} (${score(r).toFixed(1)}%): ${r.survivors.length} undetected`);
    for (const s of r.survivors) console.log(`  ${s}`);
  }
}
