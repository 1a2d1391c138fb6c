/** Where the memory was when the resident set was largest (bytes), to tell the heap from buffers and the rest. */
export interface MemoryAtPeak {
  rss: number;
  heapTotal: number;
  heapUsed: number;
  external: number;
  arrayBuffers: number;
}

/** Samples the resident set size; peak is the larger of the samples and the kernel's maxRSS. */
export function startRssSampler(everyMs = 25): { stop: () => { peakRssBytes: number; samples: number; atPeak: MemoryAtPeak } } {
  let atPeak: MemoryAtPeak = process.memoryUsage();
  let samples = 1;
  const timer = setInterval(() => {
    const now = process.memoryUsage();
    if (now.rss > atPeak.rss) atPeak = now;
    samples++;
  }, everyMs);
  timer.unref();
  return {
    stop: () => {
      clearInterval(timer);
      const kernelPeak = process.resourceUsage().maxRSS * 1024;
      const { rss, heapTotal, heapUsed, external, arrayBuffers } = atPeak;
      return { peakRssBytes: Math.max(atPeak.rss, kernelPeak), samples, atPeak: { rss, heapTotal, heapUsed, external, arrayBuffers } };
    },
  };
}
