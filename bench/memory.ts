// Resident memory of a server process, read from /proc/<pid>/status: VmRSS (now) and VmHWM (the peak the
// kernel saw since the process started). Sampled during the load, because the peak that matters for a
// container's memory limit is the one under load, which VmHWM alone would mix with start-up.
import { readFileSync } from 'node:fs';

export const MIB = 1024 * 1024;

export interface RssReading {
  rssBytes: number;
  hwmBytes: number;
}

/** Undefined when /proc is not there (not Linux) or the process is gone. */
export function readRss(pid: number): RssReading | undefined {
  let status: string;
  try {
    status = readFileSync(`/proc/${pid}/status`, 'utf8');
  } catch {
    return undefined;
  }
  const kib = (field: string) => Number(new RegExp(`^${field}:\\s*(\\d+)\\s*kB`, 'm').exec(status)?.[1] ?? NaN) * 1024;
  const rssBytes = kib('VmRSS');
  const hwmBytes = kib('VmHWM');
  return Number.isFinite(rssBytes) ? { rssBytes, hwmBytes } : undefined;
}

/** Reads VmRSS every `intervalMs` while running; keeps the largest reading and how many were taken. */
export class RssSampler {
  private timer: NodeJS.Timeout | undefined;
  peakBytes = 0;
  samples = 0;

  constructor(
    private readonly pid: number,
    private readonly intervalMs = 100,
  ) {}

  start(): void {
    this.sample();
    this.timer = setInterval(() => this.sample(), this.intervalMs);
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    this.sample();
  }

  private sample(): void {
    const reading = readRss(this.pid);
    if (!reading) return;
    this.samples++;
    this.peakBytes = Math.max(this.peakBytes, reading.rssBytes);
  }
}
