// A progress bar on stderr for long CLI jobs, with a rate; silent when stderr is not a terminal.
export interface Progress {
  update(done: number, total?: number): void;
  finish(message?: string): void;
}

export function progressBar(label: string, total: number, stream: NodeJS.WriteStream = process.stderr): Progress {
  const started = Date.now();
  let lastDraw = 0;
  let current = 0;
  const draw = () => {
    const width = 30;
    const frac = total > 0 ? Math.min(1, current / total) : 0;
    const filled = Math.round(frac * width);
    const secs = (Date.now() - started) / 1000;
    const rate = secs > 0 ? Math.round(current / secs) : 0;
    stream.write(`\r${label} [${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${Math.round(frac * 100)}% ${current}/${total} ${rate}/s  `);
  };
  return {
    update(done, newTotal) {
      current = done;
      if (newTotal !== undefined) total = newTotal;
      if (!stream.isTTY) return;
      const now = Date.now();
      if (now - lastDraw > 100 || current >= total) {
        lastDraw = now;
        draw();
      }
    },
    finish(message) {
      if (stream.isTTY) {
        draw();
        stream.write('\n');
      }
      if (message) stream.write(`${message}\n`);
    },
  };
}
