import { terminalSafe } from './terminal-text.ts';
import cliProgress from 'cli-progress';

export interface Progress {
  update(done: number, label?: string): void;
  stop(): void;
}

/**
 * A progress bar on a terminal (stderr, so stdout stays clean for data); on a pipe, a plain line
 * every `every` steps and at the end, so logs show progress without control characters.
 */
export function progressBar(title: string, total: number, every = 50): Progress {
  if (process.stderr.isTTY) {
    const bar = new cliProgress.SingleBar(
      {
        format: `${title} [{bar}] {value}/{total} {label}`,
        stream: process.stderr,
        hideCursor: true,
        clearOnComplete: false,
      },
      cliProgress.Presets.shades_classic,
    );
    bar.start(total, 0, { label: '' });
    return {
      update: (done, label = '') => bar.update(done, { label: terminalSafe(label.slice(0, 30)) }),
      stop: () => bar.stop(),
    };
  }
  let last = 0;
  return {
    update(done) {
      if (done - last >= every || done === total) {
        last = done;
        process.stderr.write(`${title}: ${done}/${total}\n`);
      }
    },
    stop: () => undefined,
  };
}
