// Churn and recommendations trained from the loaded log, each in a process of its own
// (train-job.ts): the job's time and its peak resident memory, with what the trainer's memory
// guard would have estimated for it.
import { startTsx, samplePeakRss } from './processes';
import type { TrainJobInput, TrainJobResult } from './train-job';

export interface TrainingResult extends TrainJobResult {
  /** The process from start to exit (node, tfjs and the backend load included), s. */
  processSeconds: number;
}

export async function trainOnce(
  input: TrainJobInput,
  timeoutMinutes: number,
  log: (line: string) => void,
): Promise<TrainingResult> {
  const started = performance.now();
  const child = startTsx(`train ${input.task}`, 'scripts/bench-scale/train-job.ts', {
    args: [JSON.stringify(input)],
  });
  const outside = samplePeakRss(child.process.pid!);
  const timer = setTimeout(() => {
    log(`${input.task}: still running after ${timeoutMinutes} min: stopping it`);
    void child.stop(5_000);
  }, timeoutMinutes * 60_000);
  const code = await child.exited;
  clearTimeout(timer);
  const peakOutside = outside.stop();
  const line = child.lines.find((l) => l.startsWith('BENCH_RESULT '));
  if (code !== 0 || !line) {
    const error = child.lines.find((l) => l.startsWith('BENCH_ERROR '));
    throw new Error(
      `training ${input.task} failed (exit ${code}): ${error?.slice(12).replace(/ ⏎ /g, '\n') ?? child.tail()}`,
    );
  }
  const result = JSON.parse(line.slice('BENCH_RESULT '.length)) as TrainJobResult;
  return {
    ...result,
    peakRssMb: Math.max(result.peakRssMb, peakOutside ?? 0),
    processSeconds: (performance.now() - started) / 1000,
  };
}
