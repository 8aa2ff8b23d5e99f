/** A progress bar with ETA on stderr (redrawn in place on a terminal, a few plain lines otherwise). */
export function progressBar(label: string): { update: (done: number, total: number) => void; done: () => void } {
  const t0 = Date.now();
  const tty = !!process.stderr.isTTY;
  let lastPrinted = -1;
  let shown = false;
  return {
    update(done, total) {
      if (total <= 0) return;
      shown = true;
      const frac = done / total;
      const elapsed = (Date.now() - t0) / 1000;
      const eta = done > 0 ? (elapsed * (total - done)) / done : NaN;
      const width = 30;
      const fill = Math.round(frac * width);
      const line = `${label} [${'='.repeat(fill)}${' '.repeat(width - fill)}] ${done}/${total} runs, ${elapsed.toFixed(1)} s${done < total && Number.isFinite(eta) ? `, ETA ${eta.toFixed(1)} s` : ''}`;
      if (tty) process.stderr.write(`\r${line}`);
      else {
        const step = Math.floor(frac * 4);
        if (step !== lastPrinted) {
          lastPrinted = step;
          process.stderr.write(line + '\n');
        }
      }
    },
    done() {
      if (shown && tty) process.stderr.write('\n');
    },
  };
}
