/** Progress for long jobs: one rewritten line on a terminal, a line per step otherwise (CI logs). */
export function progressReporter(stream: NodeJS.WriteStream = process.stderr) {
  const started = Date.now();
  let lastPhase = '';
  let lastPrinted = 0;
  return (phase: string, done: number, total: number) => {
    const now = Date.now();
    const finished = done >= total;
    if (!finished && phase === lastPhase && now - lastPrinted < (stream.isTTY ? 100 : 2_000)) return;
    lastPrinted = now;
    const percent = total ? Math.floor((done / total) * 100) : 100;
    const rate = done / Math.max(0.001, (now - started) / 1000);
    const line = `  ${phase}: ${done.toLocaleString('en')} / ${total.toLocaleString('en')} (${percent}%, ${Math.round(rate).toLocaleString('en')}/s)`;
    if (stream.isTTY) {
      stream.write(`\r${line}\u001b[K${finished ? '\n' : ''}`);
    } else {
      stream.write(`${line}\n`);
    }
    lastPhase = phase;
  };
}
