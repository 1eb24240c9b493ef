/**
 * npm run db:rebuild-search: builds the full-text index anew (see rebuildSearchIndex), while the
 * desk keeps running.
 */
import { loadDotEnv } from '../env.ts';
import { describeTarget, openDatabase } from '../orm.ts';
import { rebuildSearchIndex } from '../repositories/search-index.ts';

loadDotEnv();
const { orm, target } = await openDatabase();
try {
  console.log(`Rebuilding the full-text index of ${describeTarget(target)}`);
  const started = Date.now();
  let lastLine = 0;
  const result = await rebuildSearchIndex(orm.em.fork(), {
    onProgress: (phase, done, total) => {
      const now = Date.now();
      if (done < total && now - lastLine < 2_000) return;
      lastLine = now;
      const seconds = ((now - started) / 1000).toFixed(0);
      console.log(`  ${phase}: ${done.toLocaleString('en')} / ${total.toLocaleString('en')} (${seconds}s)`);
    },
  });
  if (!result.rebuilt) {
    console.error('Another process is rebuilding it right now; nothing done.');
    process.exitCode = 1;
  } else
    console.log(
      `Rebuilt: ${result.documents.toLocaleString('en')} documents, ${result.caughtUp} brought up to date meanwhile, in ${((Date.now() - started) / 1000).toFixed(1)} s`,
    );
} finally {
  await orm.close();
}
