// A progress bar on stderr for people at a terminal (stdout keeps the JSON answer): a bar when the
// work reports done/total, its message otherwise. Off a terminal it prints a line now and then.
import { Presets, SingleBar } from 'cli-progress';

export interface ProgressBar {
  update(progress: { done: number; total?: number | undefined; message?: string | undefined }): void;
  stop(): void;
}

export function createProgressBar(label: string, stream: NodeJS.WriteStream = process.stderr): ProgressBar {
  const bar = new SingleBar(
    { stream, format: `${label} [{bar}] {value}/{total} {message}`, hideCursor: true, noTTYOutput: true, notTTYSchedule: 2_000, clearOnComplete: false },
    Presets.shades_classic,
  );
  let started = false;
  return {
    update({ done, total, message }) {
      const shownTotal = total !== undefined && total > 0 ? total : Math.max(done, 1);
      const payload = { message: (message ?? '').replace(/\s+/g, ' ').slice(0, 60) };
      if (!started) {
        bar.start(shownTotal, done, payload);
        started = true;
        return;
      }
      bar.setTotal(shownTotal);
      bar.update(done, payload);
    },
    stop() {
      if (started) bar.stop();
    },
  };
}
